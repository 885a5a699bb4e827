//! Profiles: each data directory is a profile, and several may run side by side. The OS
//! hands a `quotla://` callback to whichever process it starts (usually the default
//! profile's), so every OAuth `state` begins with the tag of the profile that started the
//! attempt; the process that receives a callback for another tag passes it on.

use std::path::Path;

/// Separates the tag from the random part of a `state`.
const TAG_END: char = '.';

/// The tag of the profile kept in `data_dir`: `p` and 16 hex digits of a stable hash of
/// its absolute path. Short, URL-safe, and without the path itself (which would show the
/// user's name to Calendly).
pub fn tag(data_dir: &Path) -> String {
    let absolute = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in absolute.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("p{hash:016x}")
}

/// The `state` prefix for attempts started by the profile with `tag`.
pub fn state_prefix(tag: &str) -> String {
    format!("{tag}{TAG_END}")
}

/// The profile tag a `state` names, if it carries one.
pub fn tag_of_state(state: &str) -> Option<&str> {
    let (tag, rest) = state.split_once(TAG_END)?;
    let well_formed = tag.len() == 17
        && tag.starts_with('p')
        && tag[1..].bytes().all(|b| b.is_ascii_hexdigit())
        && !rest.is_empty();
    well_formed.then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stable_short_and_differ_per_directory() {
        let a = tag(Path::new("/home/ann/.local/share/quotla"));
        assert_eq!(a, tag(Path::new("/home/ann/.local/share/quotla")));
        assert_ne!(a, tag(Path::new("/home/ann/other-profile")));
        assert_eq!(a.len(), 17);
        assert!(!a.contains("ann"));
    }

    #[test]
    fn a_state_names_its_profile_only_when_well_formed() {
        let t = tag(Path::new("/p"));
        let state = format!("{}random-part_0123", state_prefix(&t));
        assert_eq!(tag_of_state(&state), Some(t.as_str()));
        for bad in [
            "no-tag-at-all",
            "p123.short-tag",
            "pzzzzzzzzzzzzzzzz.not-hex",
            &format!("{t}."),
            "",
            ".",
        ] {
            assert_eq!(tag_of_state(bad), None, "{bad:?}");
        }
    }
}
