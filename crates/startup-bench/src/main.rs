//! `startup-bench`: how long the release app takes from launch to its first interactive
//! screen, and how much memory it and its WebKit processes hold once idle.
//!
//! Each launch is a new process on the same data directory; the time is taken from just
//! before the spawn to the app's `first screen interactive` log line, which the UI triggers
//! once the dashboard's data is painted. After the timed launches one more is left idle and
//! its PSS and RSS are summed over the app and every process it started. Both are done for
//! an empty data directory and for years of data written once by `quotla-cli seed` (kept
//! under the cargo target directory). Run with `make bench-startup`, which provides the
//! display, the D-Bus session and the keyring (scripts/bench-startup.sh).
//! Targets: median start ≤ 1 s; PSS ≤ 200 MB.

mod launch;
mod memory;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// Median launch → first screen every data set must meet.
const TARGET_START: Duration = Duration::from_secs(1);
/// Memory (PSS, all processes) every data set must stay under, in bytes.
const TARGET_PSS_BYTES: u64 = 200_000_000;

#[derive(Parser)]
#[command(about = "Cold start and idle memory of the release app (see PERFORMANCE.md)")]
struct Args {
    /// The app (default: the release build in the cargo target directory).
    #[arg(long, value_name = "PATH")]
    app: Option<PathBuf>,
    /// quotla-cli, to seed the large data set (default: the release build).
    #[arg(long, value_name = "PATH")]
    cli: Option<PathBuf>,
    /// Timed cold starts per data set.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Seconds the app idles after its first screen before its memory is read.
    #[arg(long, default_value_t = 30)]
    idle_secs: u64,
    /// Seconds a launch may take before the run fails.
    #[arg(long, default_value_t = 60)]
    timeout_secs: u64,
    /// Data sets to measure (default: both).
    #[arg(long = "data-set", value_enum)]
    data_sets: Vec<DataSet>,
    #[arg(long, default_value_t = 10_000)]
    clients: u32,
    /// Quotes and invoices together.
    #[arg(long, default_value_t = 50_000)]
    documents: u32,
    #[arg(long, default_value_t = 100_000)]
    meetings: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DataSet {
    /// A new data directory: the first launch creates the database.
    Empty,
    /// Years of data from `quotla-cli seed`.
    Large,
}

impl DataSet {
    fn label(self) -> &'static str {
        match self {
            DataSet::Empty => "empty",
            DataSet::Large => "large",
        }
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum BenchError {
    Io {
        what: String,
        source: std::io::Error,
    },
    Seed {
        status: String,
        stderr: String,
    },
    NoFirstScreen {
        timeout: Duration,
        log: String,
    },
    Exited {
        status: String,
        log: String,
    },
    DidNotStop {
        pids: Vec<u32>,
    },
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Io { what, source } => write!(f, "{what}: {source}"),
            BenchError::Seed { status, stderr } => {
                write!(f, "quotla-cli seed failed ({status}):\n{stderr}")
            }
            BenchError::NoFirstScreen { timeout, log } => write!(
                f,
                "no first screen within {} s; the app's last log lines:\n{log}",
                timeout.as_secs()
            ),
            BenchError::Exited { status, log } => write!(
                f,
                "the app exited ({status}) before its first screen; its last log lines:\n{log}"
            ),
            BenchError::DidNotStop { pids } => write!(
                f,
                "processes {pids:?} outlived SIGTERM by 10 s and were killed"
            ),
        }
    }
}

impl std::error::Error for BenchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BenchError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// One data set's figures.
struct Figures {
    data_set: DataSet,
    starts: Vec<Duration>,
    pss_kib: u64,
    rss_kib: u64,
    processes: usize,
}

impl Figures {
    fn median(&self) -> Duration {
        let mut sorted = self.starts.clone();
        sorted.sort_unstable();
        sorted[sorted.len() / 2]
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// KiB as decimal megabytes (the unit of the target).
fn mb(kib: u64) -> f64 {
    (kib * 1024) as f64 / 1e6
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// The data directory for `set`: a new empty one, or the seeded one (seeded on first use).
fn prepare(set: DataSet, args: &Args, cli: &Path) -> Result<PathBuf, BenchError> {
    let io = |what: String| move |source| BenchError::Io { what, source };
    let bench_data = target_dir().join("bench-data");
    match set {
        DataSet::Empty => {
            let dir = bench_data.join("startup-empty");
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(io(format!("clear {}", dir.display())))?;
            }
            std::fs::create_dir_all(&dir).map_err(io(format!("create {}", dir.display())))?;
            Ok(dir)
        }
        DataSet::Large => {
            let dir = bench_data.join(format!(
                "startup-{}-{}-{}",
                args.clients, args.documents, args.meetings
            ));
            let marker = dir.join("seeded");
            if marker.exists() {
                return Ok(dir);
            }
            // A directory left by an interrupted seed is started again (seed wants it empty).
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(io(format!("clear {}", dir.display())))?;
            }
            println!(
                "seeding {} clients, {} documents, {} meetings into {} (once)",
                args.clients,
                args.documents,
                args.meetings,
                dir.display()
            );
            let output = Command::new(cli)
                .arg("--data-dir")
                .arg(&dir)
                .args(["seed", "--clients", &args.clients.to_string()])
                .args(["--documents", &args.documents.to_string()])
                .args(["--meetings", &args.meetings.to_string()])
                .output()
                .map_err(io(format!("run {}", cli.display())))?;
            if !output.status.success() {
                return Err(BenchError::Seed {
                    status: output.status.to_string(),
                    stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                });
            }
            std::fs::write(&marker, b"").map_err(io(format!("write {}", marker.display())))?;
            Ok(dir)
        }
    }
}

/// The timed cold starts, then one more launch left idle for its memory.
fn measure(set: DataSet, dir: &Path, args: &Args, app: &Path) -> Result<Figures, BenchError> {
    let timeout = Duration::from_secs(args.timeout_secs);
    println!("\n{} data set ({})", set.label(), dir.display());
    let mut starts = Vec::new();
    for run in 1..=args.runs {
        let mut running = launch::launch(app, dir)?;
        let first = running.first_screen(timeout)?;
        running.stop()?;
        let own = first
            .app_ms
            .map_or_else(String::new, |ms| format!(" (app's own figure: {ms} ms)"));
        println!("  start {run}: {:.0} ms{own}", ms(first.wall));
        starts.push(first.wall);
    }
    let mut running = launch::launch(app, dir)?;
    let first = running.first_screen(timeout)?;
    println!(
        "  start for the memory reading: {:.0} ms; idling {} s",
        ms(first.wall),
        args.idle_secs
    );
    std::thread::sleep(Duration::from_secs(args.idle_secs));
    let mut processes = Vec::new();
    for pid in memory::tree(running.pid()) {
        // A process that ended between the listing and the reading holds no memory.
        if let Ok(process) = memory::of_process(pid) {
            processes.push(process);
        }
    }
    running.stop()?;
    for p in &processes {
        println!(
            "  {:>7}  {:<24} PSS {:>7.1} MB  RSS {:>7.1} MB",
            p.pid,
            p.name,
            mb(p.pss_kib),
            mb(p.rss_kib)
        );
    }
    Ok(Figures {
        data_set: set,
        starts,
        pss_kib: processes.iter().map(|p| p.pss_kib).sum(),
        rss_kib: processes.iter().map(|p| p.rss_kib).sum(),
        processes: processes.len(),
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

fn print_table(figures: &[Figures], args: &Args) {
    println!(
        "\nlaunch → first screen interactive: {} cold starts, median (target ≤ {} ms)",
        args.runs,
        TARGET_START.as_millis()
    );
    println!(
        "{:<9} {:>9}  {:<40} target",
        "data set", "median", "each start (ms)"
    );
    for f in figures {
        let each: Vec<String> = f.starts.iter().map(|d| format!("{:.0}", ms(*d))).collect();
        println!(
            "{:<9} {:>6.0} ms  {:<40} {}",
            f.data_set.label(),
            ms(f.median()),
            each.join(" "),
            verdict(f.median() <= TARGET_START)
        );
    }
    println!(
        "\nmemory after {} s idle: the app and its WebKit processes (MB = 10^6 bytes; target PSS ≤ {} MB)",
        args.idle_secs,
        TARGET_PSS_BYTES / 1_000_000
    );
    println!(
        "{:<9} {:>10} {:>10} {:>10}  target",
        "data set", "PSS", "RSS", "processes"
    );
    for f in figures {
        println!(
            "{:<9} {:>7.1} MB {:>7.1} MB {:>10}  {}",
            f.data_set.label(),
            mb(f.pss_kib),
            mb(f.rss_kib),
            f.processes,
            verdict(f.pss_kib * 1024 <= TARGET_PSS_BYTES)
        );
    }
}

fn run(args: &Args) -> Result<(), BenchError> {
    let release = target_dir().join("release");
    let app = args.app.clone().unwrap_or_else(|| release.join("quotla"));
    let cli = args
        .cli
        .clone()
        .unwrap_or_else(|| release.join("quotla-cli"));
    let sets = if args.data_sets.is_empty() {
        vec![DataSet::Empty, DataSet::Large]
    } else {
        args.data_sets.clone()
    };
    let mut figures = Vec::new();
    for set in sets {
        let dir = prepare(set, args, &cli)?;
        figures.push(measure(set, &dir, args, &app)?);
    }
    print_table(&figures, args);
    Ok(())
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("startup-bench: {e}");
        std::process::exit(1);
    }
}
