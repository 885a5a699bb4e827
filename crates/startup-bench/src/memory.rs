//! Memory of a process tree as the kernel accounts it: PSS (shared pages split between the
//! processes that map them, so a sum over processes counts each page once) and RSS, read from
//! `/proc/<pid>/smaps_rollup`.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::BenchError;

/// One process's memory, in KiB as the kernel reports it.
pub struct ProcessMemory {
    pub pid: u32,
    pub name: String,
    pub pss_kib: u64,
    pub rss_kib: u64,
}

/// `pid` and every process descended from it, parents before their children.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (child, parent) in parents() {
        children.entry(parent).or_default().push(child);
    }
    let mut found = vec![pid];
    let mut next = 0;
    while next < found.len() {
        if let Some(kids) = children.get(&found[next]) {
            found.extend(kids);
        }
        next += 1;
    }
    found
}

/// Every live process with its parent.
fn parents() -> Vec<(u32, u32)> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, stat_field(pid, 1)?.parse().ok()?)))
        .collect()
}

/// A field of `/proc/<pid>/stat` counted from the one after the command name (0: state,
/// 1: parent pid); the name is skipped whole, as it may hold spaces and parentheses.
fn stat_field(pid: u32, index: usize) -> Option<String> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(index).map(str::to_string)
}

/// True while `pid` runs: a zombie waiting for its parent to reap it runs no more.
pub fn alive(pid: u32) -> bool {
    stat_field(pid, 0).is_some_and(|state| state != "Z" && state != "X")
}

/// The memory of one process, named after its executable.
pub fn of_process(pid: u32) -> Result<ProcessMemory, BenchError> {
    let rollup_path = format!("/proc/{pid}/smaps_rollup");
    let rollup = fs::read_to_string(&rollup_path).map_err(|source| BenchError::Io {
        what: rollup_path,
        source,
    })?;
    let field = |key: &str| {
        rollup
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok(ProcessMemory {
        pid,
        name: name(pid),
        pss_kib: field("Pss"),
        rss_kib: field("Rss"),
    })
}

/// The executable's file name from the command line (`comm` cuts WebKit's names at 15 bytes).
fn name(pid: u32) -> String {
    fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .and_then(|cmdline| {
            let program = cmdline.split(|b| *b == 0).next()?.to_vec();
            let program = String::from_utf8_lossy(&program).into_owned();
            Path::new(&program)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("pid {pid}"))
}
