//! The freedesktop Secret Service, as on a Linux desktop: this test starts its own D-Bus
//! session bus and an unlocked gnome-keyring-daemon on it, so it needs `dbus-daemon` and
//! `gnome-keyring-daemon` (installed by `make test`) but no desktop session.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

struct Daemons {
    children: Vec<Child>,
}

impl Drop for Daemons {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts a private session bus and an unlocked keyring on it; points this process at it.
fn private_secret_service(home: &std::path::Path) -> Daemons {
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon must be installed (make test installs it)");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("bus stdout"))
        .read_line(&mut address)
        .expect("bus address");
    let address = address.trim().to_string();
    assert!(
        address.starts_with("unix:"),
        "unexpected bus address {address:?}"
    );
    // Only this test runs in this binary, so changing the environment races with nothing.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);

    let mut keyring = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon must be installed (make test installs it)");
    // The password that creates and unlocks the test's login keyring.
    keyring
        .stdin
        .take()
        .expect("keyring stdin")
        .write_all(b"quotla-test")
        .expect("unlock password");

    let daemons = Daemons {
        children: vec![bus, keyring],
    };
    wait_for_name(&address, "org.freedesktop.secrets");
    daemons
}

fn wait_for_name(address: &str, name: &str) {
    for _ in 0..200 {
        let out = Command::new("dbus-send")
            .args([
                &format!("--bus={address}"),
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ])
            .output()
            .expect("dbus-send");
        if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{name} never appeared on the test bus");
}

#[test]
fn secret_service_store_keeps_secrets_per_profile() {
    let home = tempfile::tempdir().expect("temp home");
    let _daemons = private_secret_service(home.path());

    // With a Secret Service on the bus, the default choice on Linux is that store.
    std::env::remove_var("QUOTLA_KEYRING_BACKEND");
    let chosen = quotla_secrets::SecretStore::open(home.path()).expect("open default store");
    assert_eq!(chosen.backend(), quotla_secrets::Backend::SecretService);

    support::exercise(quotla_secrets::Backend::SecretService, |service, user| {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", service, "username", user])
            .output()
            .expect("secret-tool must be installed (make test installs libsecret-tools)");
        (out.status.success() && !out.stdout.is_empty())
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    });
}
