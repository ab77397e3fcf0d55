//! [`ApiKey`], a tonic interceptor that authenticates every call with an
//! API key.

use std::fmt;

use tonic::metadata::{AsciiMetadataValue, MetadataValue};
use tonic::service::Interceptor;
use tonic::{Request, Status};

/// An API key sent with every call as `authorization: Bearer <key>`, which
/// is how a server started with `--api-keys-file` knows the caller.
///
/// It is a tonic [`Interceptor`]: give it to
/// [`SessionManagerClient::with_interceptor`](crate::SessionManagerClient::with_interceptor).
/// The key is sent on whatever channel it is given, so use a TLS channel
/// unless the server is on the same host or behind a proxy that ends TLS.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use sessionmanager_client::{ApiKey, SessionManagerClient};
/// use sessionmanager_client::tonic::transport::Endpoint;
///
/// let api_key = ApiKey::new(std::env::var("SESSIONMANAGER_API_KEY")?)?;
/// let channel = Endpoint::from_static("http://127.0.0.1:50051")
///     .connect()
///     .await?;
/// let mut client = SessionManagerClient::with_interceptor(channel, api_key);
/// let call_id = client.create_session("").await?;
/// # Ok(())
/// # }
/// ```
///
/// Its `Debug` output leaves the key out.
#[derive(Clone)]
pub struct ApiKey {
    authorization: AsciiMetadataValue,
}

impl ApiKey {
    /// Takes the key as it appears in the server's keys file. It must be
    /// non-empty printable ASCII without spaces.
    pub fn new(key: impl AsRef<str>) -> Result<Self, InvalidApiKey> {
        let key = key.as_ref();
        if key.is_empty() || !key.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(InvalidApiKey);
        }
        let mut authorization: AsciiMetadataValue =
            MetadataValue::try_from(format!("Bearer {key}")).map_err(|_| InvalidApiKey)?;
        authorization.set_sensitive(true);
        Ok(Self { authorization })
    }
}

impl Interceptor for ApiKey {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        request
            .metadata_mut()
            .insert("authorization", self.authorization.clone());
        Ok(request)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey").finish_non_exhaustive()
    }
}

/// The error of [`ApiKey::new`]: the key is empty or has a character other
/// than printable ASCII, so it cannot go in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidApiKey;

impl fmt::Display for InvalidApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an API key must be non-empty printable ASCII without spaces")
    }
}

impl std::error::Error for InvalidApiKey {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_bearer_header() {
        let mut key = ApiKey::new("sk_test_123").unwrap();
        let request = key.call(Request::new(())).unwrap();
        assert_eq!(
            request.metadata().get("authorization").unwrap(),
            "Bearer sk_test_123"
        );
    }

    #[test]
    fn replaces_an_earlier_header() {
        let mut key = ApiKey::new("sk_test_123").unwrap();
        let mut request = Request::new(());
        request
            .metadata_mut()
            .insert("authorization", "Bearer old".parse().unwrap());
        let request = key.call(request).unwrap();
        let values: Vec<_> = request.metadata().get_all("authorization").iter().collect();
        assert_eq!(values, ["Bearer sk_test_123"]);
    }

    #[test]
    fn rejects_keys_that_cannot_be_a_header() {
        for key in ["", "sk test", "sk\n", "ключ"] {
            assert_eq!(ApiKey::new(key).unwrap_err(), InvalidApiKey, "{key:?}");
        }
    }

    #[test]
    fn debug_leaves_the_key_out() {
        let key = ApiKey::new("sk_test_123").unwrap();
        assert!(!format!("{key:?}").contains("sk_test_123"));
    }
}
