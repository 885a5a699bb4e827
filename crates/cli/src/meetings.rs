//! `meetings list | cancel | no-show` and `links create`.

use quotla_core::model::{MeetingFilter, MeetingStatus};
use quotla_core::sync::actions::LinkFor;

use crate::args::{LinksCommand, MeetingsCommand, StatusArg};
use crate::context::Context;
use crate::error::CliError;
use crate::print_json;

pub async fn run(cx: &mut Context, cmd: MeetingsCommand) -> Result<(), CliError> {
    match cmd {
        MeetingsCommand::List {
            json,
            client,
            quote,
            invoice,
            status,
            from,
            to,
        } => {
            let filter = MeetingFilter {
                client_id: client,
                quote_number: quote,
                invoice_number: invoice,
                status: status.map(|s| match s {
                    StatusArg::Scheduled => MeetingStatus::Scheduled,
                    StatusArg::Canceled => MeetingStatus::Canceled,
                }),
                from,
                to,
                calendly_user: None,
                upcoming: false,
            };
            let meetings = cx.store.meetings(&filter).await?;
            if json {
                return print_json(&meetings);
            }
            for m in &meetings {
                let state = if m.rescheduled {
                    "moved"
                } else {
                    m.status.as_str()
                };
                println!(
                    "{}\t{}\t{}\t{}",
                    m.start_time,
                    state,
                    m.name.as_deref().unwrap_or("?"),
                    m.invitee_uri
                );
            }
            Ok(())
        }
        MeetingsCommand::Cancel {
            invitee_uri,
            reason,
        } => {
            let engine = cx.engine().await?;
            print_json(&engine.cancel_meeting(&invitee_uri, &reason).await?)
        }
        MeetingsCommand::NoShow { invitee_uri, undo } => {
            let engine = cx.engine().await?;
            print_json(&engine.set_no_show(&invitee_uri, undo).await?)
        }
    }
}

pub async fn links(cx: &mut Context, cmd: LinksCommand) -> Result<(), CliError> {
    let LinksCommand::Create {
        client,
        quote,
        invoice,
        event_type,
    } = cmd;
    let target = match (quote, invoice) {
        (Some(q), _) => LinkFor::Quote(q),
        (None, Some(i)) => LinkFor::Invoice(i),
        (None, None) => LinkFor::Client,
    };
    let engine = cx.engine().await?;
    print_json(
        &engine
            .create_link(client, target, event_type.as_deref())
            .await?,
    )
}
