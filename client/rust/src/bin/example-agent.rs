//! An example agent: mints a function token, checks it, and keeps session
//! metadata through SessionManager.
//!
//! ```text
//! example-agent ADDRESS
//! example-agent ADDRESS mint CALL_ID FUNCTION
//! example-agent ADDRESS validate CALL_ID FUNCTION TOKEN
//! ```
//!
//! ADDRESS is `host:port` of the gRPC server. Each mode prints one JSON
//! object on one line and exits 0; a failed call, bad usage or a bad setting
//! prints a message on stderr and exits 2.
//!
//! The connection is plaintext with no API key unless the environment says
//! otherwise (an empty variable counts as unset):
//!
//! - `SESSIONMANAGER_API_KEY`: sent with every call as
//!   `authorization: Bearer <key>`.
//! - `SESSIONMANAGER_TLS_CA_FILE`: connect with TLS, trusting only the PEM
//!   CA certificates in this file.
//! - `SESSIONMANAGER_TLS_CERT_FILE` and `SESSIONMANAGER_TLS_KEY_FILE`: a PEM
//!   client certificate (chain) and its private key, for mutual TLS; both or
//!   neither.
//! - `SESSIONMANAGER_TLS_SERVER_NAME`: the name the server certificate must
//!   hold, instead of the host part of ADDRESS.

use std::fmt;
use std::process::ExitCode;
use std::time::UNIX_EPOCH;

use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{Map, Value, json};
use sessionmanager_client::tonic::service::Interceptor;
use sessionmanager_client::tonic::service::interceptor::InterceptedService;
use sessionmanager_client::tonic::transport::{Channel, ClientTlsConfig, Endpoint, Identity};
use sessionmanager_client::tonic::{Request, Status};
use sessionmanager_client::{
    ApiKey, DEFAULT_TIMEOUT, Error, SessionManagerClient, TokenValidation,
};

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

/// The environment variables that configure the connection.
const ENV_API_KEY: &str = "SESSIONMANAGER_API_KEY";
const ENV_CA_FILE: &str = "SESSIONMANAGER_TLS_CA_FILE";
const ENV_CERT_FILE: &str = "SESSIONMANAGER_TLS_CERT_FILE";
const ENV_KEY_FILE: &str = "SESSIONMANAGER_TLS_KEY_FILE";
const ENV_SERVER_NAME: &str = "SESSIONMANAGER_TLS_SERVER_NAME";

/// A failed step: which call, and why.
struct Failure {
    step: &'static str,
    error: Error,
}

/// A bad combination of the variables, a file they name that cannot be
/// used, or an ADDRESS that is no address.
#[derive(Debug)]
struct SettingError(String);

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where and how to connect: ADDRESS with TLS when asked for, and the API
/// key, if any.
struct Connection {
    endpoint: Endpoint,
    api_key: Option<ApiKey>,
}

/// Adds the API key to every call when there is one, so that the client
/// has one type with or without a key.
#[derive(Clone)]
struct MaybeApiKey(Option<ApiKey>);

impl Interceptor for MaybeApiKey {
    fn call(&mut self, request: Request<()>) -> Result<Request<()>, Status> {
        match &mut self.0 {
            Some(api_key) => api_key.call(request),
            None => Ok(request),
        }
    }
}

/// The client the agent uses.
type Client = SessionManagerClient<InterceptedService<Channel, MaybeApiKey>>;

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
    let connection = match connection(&address, |name| std::env::var(name).ok()) {
        Ok(connection) => connection,
        Err(error) => {
            eprintln!("example-agent: {error}");
            return ExitCode::from(2);
        }
    };
    match run(connection, command).await {
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
fn describe(error: &dyn std::error::Error) -> String {
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

/// Reads the settings through `getenv` (see the module documentation) and
/// returns how to connect to `address`. Every file named is read and checked
/// here, so a bad one fails before any call.
fn connection(
    address: &str,
    getenv: impl Fn(&str) -> Option<String>,
) -> Result<Connection, SettingError> {
    let setting = |name: &str| getenv(name).filter(|value| !value.is_empty());

    let api_key = setting(ENV_API_KEY)
        .map(|key| {
            ApiKey::new(key).map_err(|error| SettingError(format!("{ENV_API_KEY}: {error}")))
        })
        .transpose()?;
    let tls = tls_config(&setting)?;

    let uri = match (address.contains("://"), &tls) {
        (true, _) => address.to_owned(),
        (false, None) => format!("http://{address}"),
        (false, Some(_)) => format!("https://{address}"),
    };
    let bad_address = |error: &dyn std::error::Error| {
        SettingError(format!("bad ADDRESS {address:?}: {}", describe(error)))
    };
    let mut endpoint = Endpoint::from_shared(uri)
        .map_err(|error| bad_address(&error))?
        .connect_timeout(DEFAULT_TIMEOUT);
    if let Some(tls) = tls {
        if endpoint.uri().scheme_str() != Some("https") {
            return Err(SettingError(format!(
                "ADDRESS {address:?} is not host:port, but {ENV_CA_FILE} asks for TLS"
            )));
        }
        endpoint = endpoint
            .tls_config(tls)
            .map_err(|error| SettingError(format!("cannot set up TLS: {}", describe(&error))))?;
    }
    Ok(Connection { endpoint, api_key })
}

/// The TLS configuration the settings ask for, or `None` for plaintext.
fn tls_config(
    setting: &impl Fn(&str) -> Option<String>,
) -> Result<Option<ClientTlsConfig>, SettingError> {
    let cert_file = setting(ENV_CERT_FILE);
    let key_file = setting(ENV_KEY_FILE);
    if cert_file.is_some() != key_file.is_some() {
        return Err(SettingError(format!(
            "{ENV_CERT_FILE} and {ENV_KEY_FILE} go together: set both or neither"
        )));
    }
    let Some(ca_file) = setting(ENV_CA_FILE) else {
        for name in [ENV_CERT_FILE, ENV_SERVER_NAME] {
            if setting(name).is_some() {
                return Err(SettingError(format!(
                    "{name} needs {ENV_CA_FILE} (TLS is on only with a CA file)"
                )));
            }
        }
        return Ok(None);
    };

    let mut config = ClientTlsConfig::new().trust_anchors(ca_roots(&ca_file)?.roots);
    if let (Some(cert_file), Some(key_file)) = (cert_file, key_file) {
        config = config.identity(client_identity(&cert_file, &key_file)?);
    }
    if let Some(server_name) = setting(ENV_SERVER_NAME) {
        config = config.domain_name(server_name);
    }
    Ok(Some(config))
}

/// The PEM CA certificates in `file`. Each must parse: rustls would skip one
/// it cannot use and fail only at the handshake.
fn ca_roots(file: &str) -> Result<RootCertStore, SettingError> {
    let pem = read(ENV_CA_FILE, file)?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert
            .map_err(|error| SettingError(format!("bad PEM in {ENV_CA_FILE} {file}: {error}")))?;
        roots.add(cert).map_err(|error| {
            SettingError(format!("bad certificate in {ENV_CA_FILE} {file}: {error}"))
        })?;
    }
    if roots.is_empty() {
        return Err(SettingError(format!(
            "no PEM certificate in {ENV_CA_FILE} {file}"
        )));
    }
    Ok(roots)
}

/// The client certificate (chain) in `cert_file` and its private key in
/// `key_file`, both PEM. Whether they belong together is checked when the
/// endpoint takes them.
fn client_identity(cert_file: &str, key_file: &str) -> Result<Identity, SettingError> {
    let cert_pem = read(ENV_CERT_FILE, cert_file)?;
    let mut certs = 0;
    for cert in CertificateDer::pem_slice_iter(&cert_pem) {
        cert.map_err(|error| {
            SettingError(format!("bad PEM in {ENV_CERT_FILE} {cert_file}: {error}"))
        })?;
        certs += 1;
    }
    if certs == 0 {
        return Err(SettingError(format!(
            "no PEM certificate in {ENV_CERT_FILE} {cert_file}"
        )));
    }
    let key_pem = read(ENV_KEY_FILE, key_file)?;
    PrivateKeyDer::from_pem_slice(&key_pem).map_err(|error| {
        SettingError(format!(
            "no usable PEM private key in {ENV_KEY_FILE} {key_file}: {error}"
        ))
    })?;
    Ok(Identity::from_pem(cert_pem, key_pem))
}

/// The contents of the file a variable names.
fn read(variable: &str, file: &str) -> Result<Vec<u8>, SettingError> {
    std::fs::read(file)
        .map_err(|error| SettingError(format!("cannot read {variable} {file}: {error}")))
}

/// Runs the command and returns the JSON line to print.
async fn run(connection: Connection, command: Command) -> Result<String, Failure> {
    let channel = connection
        .endpoint
        .connect()
        .await
        .map_err(Error::from)
        .context("connect")?;
    let mut client =
        SessionManagerClient::with_interceptor(channel, MaybeApiKey(connection.api_key));
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

async fn demo(client: &mut Client) -> Result<String, Failure> {
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A test CA, and a client certificate it signed with that
    /// certificate's key; made for these tests only and trusted nowhere.
    const CA_PEM: &str = "\
-----BEGIN CERTIFICATE-----
MIIBpzCCAU2gAwIBAgIUIQnvGaWTkTdGQ3YxGE+MaMHg7+gwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVZXhhbXBsZS1hZ2VudCB0ZXN0IENBMCAXDTI2MTIwMzE0MjYy
OFoYDzIxMjYxMTA5MTQyNjI4WjAgMR4wHAYDVQQDDBVleGFtcGxlLWFnZW50IHRl
c3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAR59M9aYBGPiT9N2ZFLSZMQ
p+hZfn21t2r3pP4jd2l7wdhQpV3jGyz0HXeCA1A4XURt+hC02Hip+Ztnta4T0t07
o2MwYTAdBgNVHQ4EFgQUkJz9z0/+jLRIkuLipYJS9dL0C2gwHwYDVR0jBBgwFoAU
kJz9z0/+jLRIkuLipYJS9dL0C2gwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAgQwCgYIKoZIzj0EAwIDSAAwRQIhAMEpI9gdSYbM85kVQE5TA2RZdSRXAMaD
23DOt7kCNGk9AiA3V8dslr8y+sEz+uyvkv9bVWW15BORNAQw5E5Ti9rTzA==
-----END CERTIFICATE-----
";
    const CLIENT_CERT_PEM: &str = "\
-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUKWnF6nVEDbKdVt338MQnAaY03lcwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVZXhhbXBsZS1hZ2VudCB0ZXN0IENBMCAXDTI2MTIwMzE0MjYy
OFoYDzIxMjYxMTA5MTQyNjI4WjAQMQ4wDAYDVQQDDAVhZ2VudDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABAdricWlte3jA3h/RS4zuHvRRGA1x2PRk95U7kpa+P1n
4lXLTBCPFtEeHpu0DWC3DJtkLtuDhjexJ6bN8xzLMx+jZzBlMBMGA1UdJQQMMAoG
CCsGAQUFBwMCMA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUNmonR2UJ9ygtq41Q
mUWDdqFNU2gwHwYDVR0jBBgwFoAUkJz9z0/+jLRIkuLipYJS9dL0C2gwCgYIKoZI
zj0EAwIDRwAwRAIgBmBMNcdeNA6oxzz0C9kB6JioVSDJ/UMIv6QxIU3AnMoCIEca
lgkPhf8qDwvfF8FKvGuHqHlQr/f1ZyNd2V1Yj8N6
-----END CERTIFICATE-----
";
    const CLIENT_KEY_PEM: &str = "\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgti9y8louYXPqidU7
CRlEz/1XSD0BFodHoOrQhYTECq6hRANCAAQHa4nFpbXt4wN4f0UuM7h70URgNcdj
0ZPeVO5KWvj9Z+JVy0wQjxbRHh6btA1gtwybZC7bg4Y3sSemzfMcyzMf
-----END PRIVATE KEY-----
";

    /// A directory of test files, removed when dropped.
    struct Files(PathBuf);

    impl Files {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "example-agent-test-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let files = Self(dir);
            files.write("ca.pem", CA_PEM);
            files.write("client.pem", CLIENT_CERT_PEM);
            files.write("client.key", CLIENT_KEY_PEM);
            files
        }

        fn write(&self, name: &str, contents: &str) -> String {
            let path = self.path(name);
            std::fs::write(&path, contents).unwrap();
            path
        }

        fn path(&self, name: &str) -> String {
            self.0.join(name).to_str().unwrap().to_owned()
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Variables and their values.
    type Env = Vec<(&'static str, String)>;

    fn connect_with(address: &str, env: &[(&str, String)]) -> Result<Connection, SettingError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        connection(address, |name| env.get(name).cloned())
    }

    fn error_of(address: &str, env: &[(&str, String)]) -> String {
        match connect_with(address, env) {
            Ok(_) => panic!("{env:?} was accepted"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn plaintext_without_a_key_by_default() {
        for env in [
            vec![],
            vec![(ENV_API_KEY, String::new()), (ENV_CA_FILE, String::new())],
        ] {
            let connection = connect_with("127.0.0.1:50051", &env).unwrap();
            assert_eq!(connection.endpoint.uri().scheme_str(), Some("http"));
            assert!(connection.api_key.is_none());
        }
    }

    #[test]
    fn tls_with_a_key_and_a_client_certificate() {
        let files = Files::new();
        let env = [
            (ENV_API_KEY, "sk_test_123".to_owned()),
            (ENV_CA_FILE, files.path("ca.pem")),
            (ENV_CERT_FILE, files.path("client.pem")),
            (ENV_KEY_FILE, files.path("client.key")),
            (ENV_SERVER_NAME, "localhost".to_owned()),
        ];
        let connection = connect_with("127.0.0.1:50051", &env).unwrap();
        assert_eq!(
            connection.endpoint.uri().to_string(),
            "https://127.0.0.1:50051/"
        );
        assert!(connection.api_key.is_some());
    }

    #[test]
    fn bad_settings_are_errors() {
        let files = Files::new();
        let not_pem = files.write("not.pem", "not a certificate\n");
        let bad_der = files.write(
            "bad.pem",
            "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n",
        );
        let missing = files.path("missing.pem");
        let (ca, cert, key) = (
            files.path("ca.pem"),
            files.path("client.pem"),
            files.path("client.key"),
        );

        let cases: Vec<(Env, &str)> = vec![
            (
                vec![(ENV_CA_FILE, ca.clone()), (ENV_CERT_FILE, cert.clone())],
                "set both or neither",
            ),
            (
                vec![(ENV_CA_FILE, ca.clone()), (ENV_KEY_FILE, key.clone())],
                "set both or neither",
            ),
            (
                vec![(ENV_CERT_FILE, cert.clone()), (ENV_KEY_FILE, key.clone())],
                "SESSIONMANAGER_TLS_CERT_FILE needs SESSIONMANAGER_TLS_CA_FILE",
            ),
            (
                vec![(ENV_SERVER_NAME, "localhost".to_owned())],
                "SESSIONMANAGER_TLS_SERVER_NAME needs SESSIONMANAGER_TLS_CA_FILE",
            ),
            (
                vec![(ENV_CA_FILE, missing.clone())],
                "cannot read SESSIONMANAGER_TLS_CA_FILE",
            ),
            (
                vec![(ENV_CA_FILE, not_pem.clone())],
                "no PEM certificate in SESSIONMANAGER_TLS_CA_FILE",
            ),
            (
                vec![(ENV_CA_FILE, bad_der.clone())],
                "bad certificate in SESSIONMANAGER_TLS_CA_FILE",
            ),
            (
                vec![
                    (ENV_CA_FILE, ca.clone()),
                    (ENV_CERT_FILE, not_pem.clone()),
                    (ENV_KEY_FILE, key.clone()),
                ],
                "no PEM certificate in SESSIONMANAGER_TLS_CERT_FILE",
            ),
            (
                vec![
                    (ENV_CA_FILE, ca.clone()),
                    (ENV_CERT_FILE, cert.clone()),
                    (ENV_KEY_FILE, missing.clone()),
                ],
                "cannot read SESSIONMANAGER_TLS_KEY_FILE",
            ),
            (
                vec![
                    (ENV_CA_FILE, ca.clone()),
                    (ENV_CERT_FILE, cert.clone()),
                    (ENV_KEY_FILE, not_pem.clone()),
                ],
                "no usable PEM private key",
            ),
            (
                vec![
                    (ENV_CA_FILE, ca.clone()),
                    (ENV_CERT_FILE, ca.clone()),
                    (ENV_KEY_FILE, key.clone()),
                ],
                "cannot set up TLS",
            ),
            (
                vec![(ENV_API_KEY, "sk test".to_owned())],
                "SESSIONMANAGER_API_KEY: an API key must be",
            ),
        ];
        for (env, want) in cases {
            let error = error_of("127.0.0.1:1", &env);
            assert!(error.contains(want), "{env:?}: {error:?} lacks {want:?}");
        }
        let error = error_of("http://127.0.0.1:1", &[(ENV_CA_FILE, ca)]);
        assert!(error.contains("is not host:port"), "{error:?}");
    }

    #[test]
    fn the_key_goes_with_every_call_when_set() {
        let with_key = MaybeApiKey(Some(ApiKey::new("sk_test_123").unwrap()))
            .call(Request::new(()))
            .unwrap();
        assert_eq!(
            with_key.metadata().get("authorization").unwrap(),
            "Bearer sk_test_123"
        );
        let without = MaybeApiKey(None).call(Request::new(())).unwrap();
        assert!(without.metadata().get("authorization").is_none());
    }
}
