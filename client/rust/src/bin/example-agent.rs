//! An example agent: mints a function token, checks it, and keeps session
//! metadata through SessionManager.
//!
//! ```text
//! example-agent ADDRESS
//! example-agent ADDRESS mint CALL_ID FUNCTION
//! example-agent ADDRESS validate CALL_ID FUNCTION TOKEN
//! ```
//!
//! ADDRESS is `host:port` of a plaintext gRPC server. Each mode prints one
//! JSON object on one line and exits 0; a failed call or bad usage prints a
//! message on stderr and exits 2.

use std::error::Error as _;
use std::process::ExitCode;
use std::time::UNIX_EPOCH;

use serde_json::{Map, Value, json};
use sessionmanager_client::{Error, SessionManagerClient, TokenValidation};

const LANGUAGE: &str = "rust";
const FUNCTION: &str = "get_weather";
const OTHER_FUNCTION: &str = "transfer_funds";
const USAGE: &str = "usage: example-agent ADDRESS\n       \
                     example-agent ADDRESS mint CALL_ID FUNCTION\n       \
                     example-agent ADDRESS validate CALL_ID FUNCTION TOKEN";

/// What the command line asks for.
enum Command {
    /// The whole walk-through: session, token, two checks, metadata.
    Demo,
    /// Mint one token.
    Mint { call_id: String, function: String },
    /// Check one token.
    Validate {
        call_id: String,
        function: String,
        token: String,
    },
}

/// A failed step: which call, and why.
struct Failure {
    step: &'static str,
    error: Error,
}

/// Names the step an error came from.
trait Context<T> {
    fn context(self, step: &'static str) -> Result<T, Failure>;
}

impl<T> Context<T> for Result<T, Error> {
    fn context(self, step: &'static str) -> Result<T, Failure> {
        self.map_err(|error| Failure { step, error })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((address, command)) = parse(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match run(&address, command).await {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(Failure { step, error }) => {
            eprintln!("example-agent: {step} failed: {}", describe(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each named once (transport errors often
/// repeat their cause's text).
fn describe(error: &Error) -> String {
    let mut message = error.to_string();
    let mut last = message.clone();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let text = inner.to_string();
        if text != last {
            message.push_str(": ");
            message.push_str(&text);
            last = text;
        }
        cause = inner.source();
    }
    message
}

fn parse(args: Vec<String>) -> Option<(String, Command)> {
    let mut args = args.into_iter();
    let address = args.next()?;
    let rest: Vec<String> = args.collect();
    let command = match rest.as_slice() {
        [] => Command::Demo,
        [mode, call_id, function] if mode == "mint" => Command::Mint {
            call_id: call_id.clone(),
            function: function.clone(),
        },
        [mode, call_id, function, token] if mode == "validate" => Command::Validate {
            call_id: call_id.clone(),
            function: function.clone(),
            token: token.clone(),
        },
        _ => return None,
    };
    Some((address, command))
}

/// Runs the command and returns the JSON line to print.
async fn run(address: &str, command: Command) -> Result<String, Failure> {
    let mut client = SessionManagerClient::connect(address)
        .await
        .context("connect")?;
    match command {
        Command::Demo => demo(&mut client).await,
        Command::Mint { call_id, function } => {
            let issued = client
                .generate_token(call_id, function)
                .await
                .context("GenerateToken")?;
            Ok(object(&[("token", json!(issued.token).to_string())]))
        }
        Command::Validate {
            call_id,
            function,
            token,
        } => {
            let check = client
                .validate_token(call_id, function, token)
                .await
                .context("ValidateToken")?;
            Ok(validation(None, &check))
        }
    }
}

async fn demo(client: &mut SessionManagerClient) -> Result<String, Failure> {
    let call_id = client.create_session("").await.context("CreateSession")?;
    let issued = client
        .generate_token(&call_id, FUNCTION)
        .await
        .context("GenerateToken")?;
    let same = client
        .validate_token(&call_id, FUNCTION, &issued.token)
        .await
        .context("ValidateToken")?;
    let other = client
        .validate_token(&call_id, OTHER_FUNCTION, &issued.token)
        .await
        .context("ValidateToken")?;

    let mut metadata = Map::new();
    metadata.insert("language".into(), json!(LANGUAGE));
    metadata.insert("step".into(), json!(2));
    metadata.insert("tags".into(), json!(["a", "b"]));
    client
        .set_session_metadata(&call_id, metadata)
        .await
        .context("SetSessionMetadata")?;
    let stored = client
        .get_session_metadata(&call_id)
        .await
        .context("GetSessionMetadata")?;

    // Seconds since the epoch; a time before it would be a server fault.
    let expire_time_unix = issued
        .expire_time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    Ok(object(&[
        ("language", json!(LANGUAGE).to_string()),
        ("call_id", json!(call_id).to_string()),
        ("function", json!(FUNCTION).to_string()),
        ("token", json!(issued.token).to_string()),
        ("expire_time_unix", expire_time_unix.to_string()),
        ("validate_same", validation(None, &same)),
        ("validate_other", validation(Some(OTHER_FUNCTION), &other)),
        ("metadata", Value::Object(stored).to_string()),
    ]))
}

/// A validation result as JSON, naming the function when given.
fn validation(function: Option<&str>, check: &TokenValidation) -> String {
    let mut fields = Vec::with_capacity(3);
    if let Some(function) = function {
        fields.push(("function", json!(function).to_string()));
    }
    fields.push(("valid", check.valid.to_string()));
    fields.push(("reason", json!(check.reason_name()).to_string()));
    object(&fields)
}

/// Writes a JSON object with its keys in the order given (serde_json's own
/// maps sort their keys). Values must already be JSON text.
fn object(fields: &[(&str, String)]) -> String {
    let members: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(*key)))
        .collect();
    format!("{{{}}}", members.join(","))
}
