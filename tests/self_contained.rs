//! A clean clone must build and test on its own: no source, script or test may reach for a
//! file above the repository root (such as a `shared/` folder that happens to sit beside the
//! checkout on a developer's machine). This walks every text file of the repository and
//! resolves each `../` path it finds the way the file's language would.

use std::path::{Component, Path, PathBuf};

/// Folders that are built, installed or copied data rather than our sources.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules", "dist", ".make", "data"];
const TEXT_EXTENSIONS: &[&str] = &[
    "rs", "toml", "sh", "ts", "tsx", "js", "mjs", "cjs", "json", "yml", "yaml", "html", "css",
    "md", "sql", "conf",
];
/// This file names the patterns it looks for.
const SELF: &str = "tests/self_contained.rs";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Resolves `rel` against `base` lexically; `None` when it climbs above the filesystem root.
fn resolve(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut out = base.to_path_buf();
    for part in Path::new(rel).components() {
        match part {
            Component::ParentDir if !out.pop() => return None,
            Component::Normal(p) => out.push(p),
            _ => {}
        }
    }
    Some(out)
}

/// The nearest folder at or above `dir` that holds a `Cargo.toml`.
fn manifest_dir(dir: &Path, root: &Path) -> PathBuf {
    let mut cur = dir.to_path_buf();
    while cur.starts_with(root) {
        if cur.join("Cargo.toml").is_file() {
            return cur;
        }
        if !cur.pop() {
            break;
        }
    }
    root.to_path_buf()
}

/// Every relative path in `line` that starts with `../` (or `/../`, as pieces of
/// `concat!(env!("CARGO_MANIFEST_DIR"), "/../x")` do), with whether it had the leading `/`.
fn parent_paths(line: &str) -> Vec<(String, bool)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(pos) = line[i..].find("../") {
        let start = i + pos;
        // Part of a longer run (`.../`) or of a path already taken: skip.
        if start > 0 && bytes[start - 1] == b'.' {
            i = start + 3;
            continue;
        }
        let slash = start > 0 && bytes[start - 1] == b'/';
        if slash && start > 1 && !matches!(bytes[start - 2], b'"' | b'\'' | b'`') {
            i = start + 3;
            continue;
        }
        let end = line[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "./_-".contains(c)))
            .map_or(line.len(), |e| start + e);
        found.push((line[start..end].to_string(), slash));
        i = end.max(start + 3);
    }
    found
}

/// Where `path` (found in `file`, inside `root`) points outside the repository.
fn escapes(root: &Path, file: &Path, line: &str) -> Vec<String> {
    let dir = file.parent().unwrap_or(root);
    let is_rust = file.extension().is_some_and(|e| e == "rs");
    let mut bad = Vec::new();
    for (rel, slash) in parent_paths(line) {
        // Rust: `CARGO_MANIFEST_DIR` pieces and `sqlx::migrate!` are relative to the crate;
        // `include_str!` and the like to the file.
        let base = if is_rust && (slash || line.contains("migrate!")) {
            manifest_dir(dir, root)
        } else {
            dir.to_path_buf()
        };
        match resolve(&base, &rel) {
            Some(target) if target.starts_with(root) => {}
            _ => bad.push(rel),
        }
    }
    for marker in ["shared/calendly", "/work/shared", "../shared"] {
        if line.contains(marker) {
            bad.push(marker.to_string());
        }
    }
    bad
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                walk(&path, files);
            }
        } else if name == "Makefile"
            || path
                .extension()
                .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_string_lossy().as_ref()))
            || dir.file_name().is_some_and(|d| d == ".ci")
        {
            files.push(path);
        }
    }
}

#[test]
fn nothing_refers_to_a_folder_above_the_repository() {
    let root = repo_root();
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(
        files.len() > 100,
        "the walk found only {} files",
        files.len()
    );
    let mut problems = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&root).unwrap_or(&file);
        if rel == Path::new(SELF) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for bad in escapes(&root, &file, line) {
                problems.push(format!("{}:{}: {bad}", rel.display(), n + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "these lines refer to files outside the repository:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_catches_paths_that_climb_out() {
    let root = Path::new("/repo");
    let crate_file = Path::new("/repo/crates/x/tests/a.rs");
    let climbing = r#"concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures")"#;
    assert!(!escapes(root, crate_file, climbing).is_empty());
    let script = Path::new("/repo/scripts/run.sh");
    assert!(!escapes(root, script, "cp ../../elsewhere/file .").is_empty());
    assert!(!escapes(root, script, "cat /work/shared/DESIGN.md").is_empty());
}

#[test]
fn the_checker_accepts_paths_that_stay_inside() {
    // Real files, so the crate folders (with their Cargo.toml) exist for the lookup.
    let root = repo_root();
    let ops = root.join("crates/relay/src/routes/ops.rs");
    assert!(escapes(&root, &ops, r#"include_str!("../../openapi.json")"#).is_empty());
    let store = root.join("crates/core/src/store/mod.rs");
    assert!(escapes(&root, &store, r#"sqlx::migrate!("../../migrations")"#).is_empty());
    let test = root.join("crates/relay/tests/common/mod.rs");
    let script = r#"concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-throwaway.sh")"#;
    assert!(escapes(&root, &test, script).is_empty());
    let ts = root.join("ui/src/api/keys.ts");
    assert!(escapes(&root, &ts, "import x from '../../bindings';").is_empty());
    assert!(escapes(&root, &ts, "const a = b...c;").is_empty());
}
