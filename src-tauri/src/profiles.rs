//! Profiles side by side. A process started for data directory D hands its arguments to the
//! instance already running on D (the single-instance plugin's D-Bus name is keyed by the
//! profile on Linux), and an OAuth callback reaches the profile that started the attempt:
//! every running profile writes its tag and data directory to a small registry, and a
//! process that receives a callback whose `state` names another tag starts
//! `quotla --data-dir THAT_DIR LINK`, which hands the link to that profile's instance.

use std::path::{Path, PathBuf};
use std::process::Command;

use quotla_core::deep_link::{self, DeepLink};
use quotla_core::profile;

/// Set on a process started to pass a link on, so it never passes it on again.
const FORWARDED_ENV: &str = "QUOTLA_FORWARDED";

/// This process's profile and where running profiles are listed; managed by the app.
#[derive(Debug, Clone)]
pub struct Running {
    pub me: Me,
    pub registry: PathBuf,
}

/// Which profile this process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Me {
    /// The platform data directory (no `--data-dir` or `QUOTLA_DATA_DIR`).
    Default,
    /// A chosen data directory, absolute.
    Named(PathBuf),
}

impl Me {
    /// From `QUOTLA_DATA_DIR` (which `--data-dir` sets).
    pub fn from_env() -> Me {
        match std::env::var_os("QUOTLA_DATA_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                Me::Named(std::path::absolute(&dir).unwrap_or(dir))
            }
            None => Me::Default,
        }
    }

    /// The single-instance D-Bus id: the app identifier for the default profile (where the
    /// OS sends links), the identifier and the profile's tag for any other.
    pub fn instance_id(&self, identifier: &str) -> String {
        match self {
            Me::Default => identifier.to_string(),
            Me::Named(dir) => format!("{identifier}.profile_{}", profile::tag(dir)),
        }
    }
}

/// One running profile as the registry lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub pid: u32,
    pub default: bool,
    pub data_dir: PathBuf,
}

impl Entry {
    fn encode(&self) -> String {
        let kind = if self.default { "default" } else { "named" };
        format!("{}\n{kind}\n{}\n", self.pid, self.data_dir.display())
    }

    fn decode(text: &str) -> Option<Entry> {
        let mut lines = text.lines();
        let pid = lines.next()?.parse().ok()?;
        let default = match lines.next()? {
            "default" => true,
            "named" => false,
            _ => return None,
        };
        let data_dir = PathBuf::from(lines.next().filter(|l| !l.is_empty())?);
        data_dir.is_absolute().then_some(Entry {
            pid,
            default,
            data_dir,
        })
    }

    fn is_me(&self, me: &Me) -> bool {
        match me {
            Me::Default => self.default,
            Me::Named(dir) => !self.default && &self.data_dir == dir,
        }
    }
}

/// The registry folder: private to the user (the runtime dir, else the cache dir).
pub fn registry_dir() -> PathBuf {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir);
    base.join("quotla-profiles")
}

/// Lists this process's profile; the entry is removed again by [`unregister`].
pub fn register(registry: &Path, data_dir: &Path, me: &Me) -> std::io::Result<()> {
    std::fs::create_dir_all(registry)?;
    let data_dir = std::path::absolute(data_dir)?;
    let entry = Entry {
        pid: std::process::id(),
        default: *me == Me::Default,
        data_dir: data_dir.clone(),
    };
    let path = registry.join(profile::tag(&data_dir));
    let partial = path.with_extension("partial");
    std::fs::write(&partial, entry.encode())?;
    std::fs::rename(partial, path)
}

/// Removes this process's entry, if it is still this process's.
pub fn unregister(registry: &Path, data_dir: &Path) {
    let path = registry.join(profile::tag(data_dir));
    let mine = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| Entry::decode(&text))
        .is_some_and(|e| e.pid == std::process::id());
    if mine {
        let _ = std::fs::remove_file(path);
    }
}

fn lookup(registry: &Path, tag: &str) -> Option<Entry> {
    let entry = Entry::decode(&std::fs::read_to_string(registry.join(tag)).ok()?)?;
    process_alive(entry.pid).then_some(entry)
}

/// Whether `pid` runs; where that cannot be told, assume it does.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Where a `quotla://` link belongs: the running profile it names, when that is not us.
pub fn destination(registry: &Path, link: &str, me: &Me) -> Option<Entry> {
    if std::env::var_os(FORWARDED_ENV).is_some() {
        return None;
    }
    let Ok(DeepLink::CalendlyOAuth(callback)) = deep_link::parse(link) else {
        return None;
    };
    let tag = profile::tag_of_state(callback.state()?)?;
    lookup(registry, tag).filter(|entry| !entry.is_me(me))
}

/// Hands `link` to the profile `to` by starting this program for it, which passes the
/// link to that profile's running instance and exits. True when that worked.
pub fn forward(to: &Entry, link: &str) -> bool {
    let Ok(program) = std::env::current_exe() else {
        return false;
    };
    let mut command = Command::new(program);
    command.env(FORWARDED_ENV, "1");
    if to.default {
        command.env_remove("QUOTLA_DATA_DIR");
    } else {
        command.env("QUOTLA_DATA_DIR", &to.data_dir);
    }
    match command.arg(link).status() {
        Ok(status) if status.success() => {
            tracing::info!("passed a Calendly callback to the profile that started it");
            true
        }
        Ok(status) => {
            tracing::warn!(%status, "the other profile did not take the callback");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not start Quotla for the other profile");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_for(dir: &Path) -> String {
        let state = format!(
            "{}abcdefghij0123456789",
            profile::state_prefix(&profile::tag(dir))
        );
        format!("quotla://oauth/calendly?code=c0de&state={state}")
    }

    #[test]
    fn entries_round_trip_and_refuse_garbage() {
        let entry = Entry {
            pid: 42,
            default: false,
            data_dir: PathBuf::from("/data/b"),
        };
        assert_eq!(Entry::decode(&entry.encode()), Some(entry));
        for bad in [
            "",
            "x\nnamed\n/a\n",
            "1\nsomething\n/a\n",
            "1\nnamed\n",
            "1\nnamed\nrelative/dir\n",
        ] {
            assert_eq!(Entry::decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_callback_goes_to_the_running_profile_that_started_it() {
        let registry = tempfile::tempdir().unwrap();
        let a = registry.path().join("profile-a");
        let b = registry.path().join("profile-b");
        register(registry.path(), &a, &Me::Named(a.clone())).unwrap();

        let to = destination(registry.path(), &link_for(&a), &Me::Default).expect("to a");
        assert_eq!((to.data_dir.as_path(), to.default), (a.as_path(), false));
        // Not to ourselves, not for a profile that is not running, not for a forged state.
        assert_eq!(
            destination(registry.path(), &link_for(&a), &Me::Named(a.clone())),
            None
        );
        assert_eq!(
            destination(registry.path(), &link_for(&b), &Me::Default),
            None
        );
        let forged = "quotla://oauth/calendly?code=c&state=forged-state-0123456789";
        assert_eq!(destination(registry.path(), forged, &Me::Default), None);
        assert_eq!(
            destination(registry.path(), "quotla://elsewhere", &Me::Default),
            None
        );

        unregister(registry.path(), &a);
        assert_eq!(
            destination(registry.path(), &link_for(&a), &Me::Default),
            None
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_entry_of_a_process_that_ended_is_ignored() {
        let registry = tempfile::tempdir().unwrap();
        let a = registry.path().join("a");
        let stale = Entry {
            pid: u32::MAX - 1,
            default: false,
            data_dir: a.clone(),
        };
        std::fs::write(registry.path().join(profile::tag(&a)), stale.encode()).unwrap();
        assert_eq!(
            destination(registry.path(), &link_for(&a), &Me::Default),
            None
        );
    }

    #[test]
    fn profiles_get_their_own_instance_id() {
        assert_eq!(
            Me::Default.instance_id("app.quotla.desktop"),
            "app.quotla.desktop"
        );
        let named = Me::Named(PathBuf::from("/data/b")).instance_id("app.quotla.desktop");
        assert!(named.starts_with("app.quotla.desktop.profile_p"));
        assert_ne!(
            named,
            Me::Named(PathBuf::from("/data/c")).instance_id("app.quotla.desktop")
        );
    }
}
