// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// `--data-dir PATH` (or `--data-dir=PATH`) selects another profile, like `QUOTLA_DATA_DIR`;
/// the end-to-end tests use it because tauri-driver passes arguments but no environment.
fn data_dir_arg(args: &[String]) -> Option<&str> {
    args.iter()
        .enumerate()
        .find_map(|(i, arg)| match arg.strip_prefix("--data-dir") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = data_dir_arg(&args) {
        std::env::set_var("QUOTLA_DATA_DIR", dir);
    }
    quotla_app::run();
}

#[cfg(test)]
mod tests {
    use super::data_dir_arg;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn data_dir_is_read_in_both_spellings() {
        assert_eq!(
            data_dir_arg(&args(&["quotla", "--data-dir", "/tmp/a"])),
            Some("/tmp/a")
        );
        assert_eq!(
            data_dir_arg(&args(&["quotla", "--data-dir=/tmp/b"])),
            Some("/tmp/b")
        );
        assert_eq!(data_dir_arg(&args(&["quotla", "--data-dir"])), None);
        assert_eq!(data_dir_arg(&args(&["quotla", "--verbose"])), None);
    }
}
