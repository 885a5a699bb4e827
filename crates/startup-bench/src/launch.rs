//! One run of the app: spawned as a new process on a data directory, watched on its standard
//! error for the first-screen log line, and stopped with SIGTERM, waiting until its WebKit
//! processes are gone too so the next launch starts cold.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::{memory, BenchError};

/// What the app logs once the UI has painted the dashboard with its data
/// (`FIRST_SCREEN_MESSAGE` in src-tauri/src/commands/startup.rs).
const MARKER: &str = "first screen interactive";
/// Lines of the app's log kept to explain a failed run.
const TAIL_LINES: usize = 30;
/// How long a stopping app and its WebKit processes get before they are killed.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// When the first screen became interactive.
pub struct FirstScreen {
    /// From just before the spawn to the log line.
    pub wall: Duration,
    /// The app's own figure (milliseconds since its `main`), if the line carried it.
    pub app_ms: Option<u64>,
}

/// A running app whose log is being read.
pub struct Running {
    child: Child,
    spawned: Instant,
    markers: Receiver<(Instant, String)>,
    tail: Arc<Mutex<VecDeque<String>>>,
}

/// Starts `app` on `data_dir` with info logs on a pipe.
pub fn launch(app: &Path, data_dir: &Path) -> Result<Running, BenchError> {
    let spawned = Instant::now();
    let mut child = Command::new(app)
        .arg("--data-dir")
        .arg(data_dir)
        .env("QUOTLA_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| BenchError::Io {
            what: format!("start {}", app.display()),
            source,
        })?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, markers) = mpsc::channel();
    let tail = Arc::new(Mutex::new(VecDeque::with_capacity(TAIL_LINES)));
    let keep = tail.clone();
    // Reads to the end, so the app never blocks on a full pipe while it idles.
    thread::spawn(move || {
        let mut reader = BufReader::new(stderr);
        let mut raw = Vec::new();
        while reader.read_until(b'\n', &mut raw).is_ok_and(|n| n > 0) {
            let at = Instant::now();
            let line = String::from_utf8_lossy(&raw).trim_end().to_string();
            raw.clear();
            if line.contains(MARKER) {
                let _ = send.send((at, line.clone()));
            }
            let mut tail = keep.lock().unwrap_or_else(|e| e.into_inner());
            if tail.len() == TAIL_LINES {
                tail.pop_front();
            }
            tail.push_back(line);
        }
    });
    Ok(Running {
        child,
        spawned,
        markers,
        tail,
    })
}

impl Running {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the first-screen line, at most `timeout` after the spawn.
    pub fn first_screen(&mut self, timeout: Duration) -> Result<FirstScreen, BenchError> {
        let left = timeout.saturating_sub(self.spawned.elapsed());
        match self.markers.recv_timeout(left) {
            Ok((at, line)) => Ok(FirstScreen {
                wall: at - self.spawned,
                app_ms: app_ms(&line),
            }),
            Err(RecvTimeoutError::Timeout) => Err(BenchError::NoFirstScreen {
                timeout,
                log: self.log_tail(),
            }),
            // The reader saw the end of the log: the app has exited.
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().ok().map(|s| s.to_string());
                Err(BenchError::Exited {
                    status: status.unwrap_or_else(|| "unknown status".into()),
                    log: self.log_tail(),
                })
            }
        }
    }

    fn log_tail(&self) -> String {
        let tail = self.tail.lock().unwrap_or_else(|e| e.into_inner());
        Vec::from(tail.clone()).join("\n")
    }

    /// SIGTERM to the app, then waits for it and every process it started to be gone; what
    /// is still there after the grace period is killed, and reported.
    pub fn stop(mut self) -> Result<(), BenchError> {
        let family = memory::tree(self.pid());
        signal("TERM", &[self.pid()])?;
        let deadline = Instant::now() + STOP_GRACE;
        let mut app_exited = false;
        while Instant::now() < deadline {
            app_exited = app_exited || self.child.try_wait().ok().flatten().is_some();
            if app_exited && !family.iter().any(|&pid| memory::alive(pid)) {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(20));
        }
        let lingering: Vec<u32> = family
            .into_iter()
            .filter(|&pid| memory::alive(pid))
            .collect();
        signal("KILL", &lingering)?;
        let _ = self.child.wait();
        Err(BenchError::DidNotStop { pids: lingering })
    }
}

/// The `since_start_ms=` field of the marker line.
fn app_ms(line: &str) -> Option<u64> {
    let rest = &line[line.find("since_start_ms=")? + "since_start_ms=".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Sends a signal with the system's `kill` (the standard library only has SIGKILL).
fn signal(name: &str, pids: &[u32]) -> Result<(), BenchError> {
    if pids.is_empty() {
        return Ok(());
    }
    // A process that ended meanwhile makes `kill` fail for it alone: not an error here.
    Command::new("kill")
        .arg(format!("-{name}"))
        .args(pids.iter().map(u32::to_string))
        .stderr(Stdio::null())
        .status()
        .map(drop)
        .map_err(|source| BenchError::Io {
            what: "run kill".into(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::app_ms;

    #[test]
    fn reads_the_apps_own_figure() {
        let line = "2025-01-01T10:00:00.000Z  INFO quotla_app::commands::startup: first screen interactive since_start_ms=412";
        assert_eq!(app_ms(line), Some(412));
        assert_eq!(app_ms("first screen interactive"), None);
    }
}
