//! `calendly connect | status | disconnect` and `relay register`.

use quotla_core::calendly::view;
use quotla_core::deep_link::{self, DeepLink};
use serde_json::json;
use tokio::io::AsyncBufReadExt;

use crate::args::{CalendlyCommand, RelayCommand};
use crate::context::Context;
use crate::error::CliError;
use crate::loopback::Loopback;
use crate::print_json;

pub async fn run(cx: &mut Context, cmd: CalendlyCommand) -> Result<(), CliError> {
    match cmd {
        CalendlyCommand::Connect { no_browser, paste } => connect(cx, no_browser, paste).await,
        CalendlyCommand::Status { json } => status(cx, json).await,
        CalendlyCommand::Disconnect { delete_meetings } => {
            let engine = cx.engine().await?;
            let outcome = engine.disconnect(delete_meetings).await?;
            print_json(&json!({
                "disconnected": true,
                "revoked": outcome.revoked,
                "hint": outcome.hint,
                "meetings_deleted": delete_meetings,
            }))
        }
    }
}

/// OAuth with PKCE. The first stdout line is `{"authorize_url": …}`; the last is the
/// connected account with its sync mode.
async fn connect(cx: &mut Context, no_browser: bool, paste: bool) -> Result<(), CliError> {
    let store = cx.store.clone();
    let engine = cx.engine().await?;
    let connection = engine.calendly().clone();
    let callback = if paste {
        let url = connection.begin(&store).await?;
        print_json(&json!({ "authorize_url": url.as_str() }))?;
        eprintln!("Open the URL above, approve, then paste the quotla:// link the page shows:");
        open_browser(url.as_str(), no_browser);
        let mut line = String::new();
        tokio::io::BufReader::new(tokio::io::stdin())
            .read_line(&mut line)
            .await?;
        match deep_link::parse(line.trim()) {
            Ok(DeepLink::CalendlyOAuth(callback)) => callback,
            Err(e) => return Err(CliError::Usage(format!("that is not Quotla's link: {e}"))),
        }
    } else {
        let loopback = Loopback::bind().await?;
        connection.use_redirect(&loopback.redirect_uri);
        let url = connection.begin(&store).await?;
        print_json(&json!({ "authorize_url": url.as_str() }))?;
        eprintln!("Open the URL above in a browser and approve Quotla; waiting for Calendly…");
        open_browser(url.as_str(), no_browser);
        loopback
            .callback()
            .await
            .ok_or_else(|| CliError::Other("no answer from Calendly within 10 minutes".into()))?
    };
    let facts = connection.complete(&store, callback).await?;
    if let (_, Err(err)) = engine.check_and_reconcile(|_| {}).await {
        eprintln!("warning: first sync did not finish: {err}");
    }
    let status = engine.status().await?;
    print_json(&json!({
        "connected": true,
        "user_uri": facts.user_uri,
        "name": facts.name,
        "email": facts.email,
        "organization": facts.organization_uri,
        "mode": status.mode,
        "reason": status.reason,
    }))
}

fn open_browser(url: &str, no_browser: bool) {
    if no_browser {
        return;
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("(could not open a browser; open the URL yourself)");
    }
}

async fn status(cx: &mut Context, json_out: bool) -> Result<(), CliError> {
    // The engine checks the keyring first, which may turn the account to "reconnect
    // needed": the account is read after it, so state and mode agree.
    let engine = cx.engine().await?;
    let account = engine.store().calendly_account().await?;
    let sync = engine.status().await?;
    let state = json!(view::state(account.as_ref(), false));
    let value = json!({
        "state": state,
        "mode": sync.mode,
        "reason": sync.reason,
        "account": account.as_ref().map(|a| json!({
            "user_uri": a.user_uri,
            "name": a.name,
            "email": a.email,
            "organization": a.organization_uri,
        })),
        "subscription_state": sync.subscription_state,
        "last_sync": sync.last_sync(),
        "last_error": sync.last_error,
    });
    if json_out {
        return print_json(&value);
    }
    println!("Calendly: {}", state.as_str().unwrap_or_default());
    if let Some(a) = &account {
        println!(
            "Account: {} <{}>",
            a.name.as_deref().unwrap_or("?"),
            a.email.as_deref().unwrap_or("?")
        );
    }
    println!("Sync: {}", value["mode"].as_str().unwrap_or("off"));
    if let Some(reason) = &sync.reason {
        println!("Reason: {reason}");
    }
    Ok(())
}

pub async fn relay(cx: &mut Context, cmd: RelayCommand) -> Result<(), CliError> {
    let RelayCommand::Register { url } = cmd;
    let engine = cx.engine().await?;
    let inbox = engine.register_inbox(&url).await?;
    // A connected account gets its subscription pointed at the new inbox at once.
    if engine.store().calendly_account().await?.is_some() {
        if let Err(err) = engine.ensure_push_path().await {
            eprintln!("warning: webhooks not set up: {err}");
        }
    }
    print_json(&inbox)
}
