//! [`SessionManagerClient`], a thin wrapper over the generated gRPC client.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};
use tonic::Request;
use tonic::codegen::{Body, Bytes, StdError};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};

use crate::error::Error;
use crate::structs::{json_to_struct, struct_to_json};
use crate::v1::session_manager_service_client::SessionManagerServiceClient;
use crate::v1::{
    CreateSessionRequest, DeleteSessionMetadataRequest, GenerateTokenRequest,
    GetSessionMetadataRequest, SetSessionMetadataRequest, ValidateTokenRequest, ValidationReason,
};

/// The deadline given to every call unless changed with
/// [`SessionManagerClient::with_timeout`]; also the connect timeout of
/// [`SessionManagerClient::connect`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// A token minted by [`SessionManagerClient::generate_token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The token, to hand out with the function's webhook URL.
    pub token: String,
    /// When the token stops validating.
    pub expire_time: SystemTime,
}

/// The server's answer to [`SessionManagerClient::validate_token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenValidation {
    /// Whether the token is valid for the call and the function. Only true
    /// when the server also gives the reason `VALIDATION_REASON_VALID`.
    pub valid: bool,
    /// The reason as sent: a [`ValidationReason`] value, or a newer value
    /// this client does not know (which always comes with `valid == false`).
    pub reason_code: i32,
}

impl TokenValidation {
    /// The reason, or `None` when the server sent a value this client does
    /// not know.
    pub fn reason(&self) -> Option<ValidationReason> {
        ValidationReason::try_from(self.reason_code).ok()
    }

    /// The reason's name as written in the contract, such as
    /// `VALIDATION_REASON_FUNCTION_MISMATCH`; an unknown value is given as
    /// its number.
    pub fn reason_name(&self) -> Cow<'static, str> {
        match self.reason() {
            Some(reason) => Cow::Borrowed(reason.as_str_name()),
            None => Cow::Owned(self.reason_code.to_string()),
        }
    }
}

/// A SessionManager client with plain Rust arguments and results.
///
/// It wraps the generated [`SessionManagerServiceClient`] and gives every
/// call a deadline ([`DEFAULT_TIMEOUT`] unless set with
/// [`with_timeout`](Self::with_timeout)). Cloning is cheap and clones share
/// the connection. RPCs without a method here are reached through
/// [`stub`](Self::stub).
///
/// Build one with [`connect`](Self::connect) for a plaintext connection, with
/// [`new`](Self::new) from a [`Channel`] the caller configured (TLS, keep
/// alive, a lazy connection), with
/// [`with_interceptor`](Self::with_interceptor) to add headers such as an
/// [`ApiKey`](crate::ApiKey) to every call, or with
/// [`from_stub`](Self::from_stub) from any generated client.
#[derive(Debug, Clone)]
pub struct SessionManagerClient<T = Channel> {
    inner: SessionManagerServiceClient<T>,
    timeout: Duration,
}

impl SessionManagerClient<Channel> {
    /// Connects over plaintext HTTP/2 to `address`, given as `host:port` or
    /// as a URI such as `http://host:port`.
    ///
    /// Fails with [`Error::Transport`] when the address is malformed or no
    /// connection is made within [`DEFAULT_TIMEOUT`].
    pub async fn connect(address: &str) -> Result<Self, Error> {
        let uri = if address.contains("://") {
            address.to_owned()
        } else {
            format!("http://{address}")
        };
        let channel = Endpoint::from_shared(uri)?
            .connect_timeout(DEFAULT_TIMEOUT)
            .connect()
            .await?;
        Ok(Self::new(channel))
    }

    /// Wraps a channel the caller built, for example one with TLS set up on
    /// its [`Endpoint`].
    pub fn new(channel: Channel) -> Self {
        Self::from_stub(SessionManagerServiceClient::new(channel))
    }

    /// Wraps a channel and runs `interceptor` on every request, for example
    /// to add an `authorization` header ([`ApiKey`](crate::ApiKey) is an
    /// interceptor that does that for an API key).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), sessionmanager_client::Error> {
    /// use sessionmanager_client::SessionManagerClient;
    /// use sessionmanager_client::tonic::Request;
    /// use sessionmanager_client::tonic::metadata::MetadataValue;
    /// use sessionmanager_client::tonic::transport::Endpoint;
    ///
    /// let channel = Endpoint::from_static("http://127.0.0.1:50051")
    ///     .connect()
    ///     .await?;
    /// let bearer: MetadataValue<_> = "Bearer my-token".parse().unwrap();
    /// let add_bearer = move |mut request: Request<()>| {
    ///     request.metadata_mut().insert("authorization", bearer.clone());
    ///     Ok(request)
    /// };
    /// let mut client = SessionManagerClient::with_interceptor(channel, add_bearer);
    /// let call_id = client.create_session("").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_interceptor<F>(
        channel: Channel,
        interceptor: F,
    ) -> SessionManagerClient<InterceptedService<Channel, F>>
    where
        F: Interceptor,
    {
        SessionManagerClient::from_stub(SessionManagerServiceClient::with_interceptor(
            channel,
            interceptor,
        ))
    }
}

impl<T> SessionManagerClient<T> {
    /// Wraps a generated client, over whatever transport it uses.
    pub fn from_stub(inner: SessionManagerServiceClient<T>) -> Self {
        Self {
            inner,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets the deadline of each later call.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The deadline each call is given.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The generated client, for the RPCs this wrapper does not cover.
    pub fn stub(&mut self) -> &mut SessionManagerServiceClient<T> {
        &mut self.inner
    }

    /// Gives back the generated client.
    pub fn into_stub(self) -> SessionManagerServiceClient<T> {
        self.inner
    }

    fn request<M>(&self, message: M) -> Request<M> {
        let mut request = Request::new(message);
        request.set_timeout(self.timeout);
        request
    }
}

impl<T> SessionManagerClient<T>
where
    T: tonic::client::GrpcService<tonic::body::Body>,
    T::Error: Into<StdError>,
    T::ResponseBody: Body<Data = Bytes> + Send + 'static,
    <T::ResponseBody as Body>::Error: Into<StdError> + Send,
{
    /// Starts a session and returns its call id: `call_id` itself, or a new
    /// random id when `call_id` is empty. The server stores nothing.
    pub async fn create_session(&mut self, call_id: impl Into<String>) -> Result<String, Error> {
        let request = self.request(CreateSessionRequest {
            call_id: call_id.into(),
        });
        Ok(self
            .inner
            .create_session(request)
            .await?
            .into_inner()
            .call_id)
    }

    /// Mints a token that lets `function_name` be called for `call_id`
    /// until the returned expiry.
    pub async fn generate_token(
        &mut self,
        call_id: impl Into<String>,
        function_name: impl Into<String>,
    ) -> Result<IssuedToken, Error> {
        let request = self.request(GenerateTokenRequest {
            call_id: call_id.into(),
            function_name: function_name.into(),
        });
        let response = self.inner.generate_token(request).await?.into_inner();
        let expire_time = response
            .expire_time
            .and_then(|timestamp| SystemTime::try_from(timestamp).ok())
            .ok_or(Error::InvalidResponse(
                "expire_time is missing or out of range",
            ))?;
        Ok(IssuedToken {
            token: response.token,
            expire_time,
        })
    }

    /// Checks `token` against a call and a function. A token that does not
    /// validate is an answer with `valid == false` and its reason, not an
    /// error.
    pub async fn validate_token(
        &mut self,
        call_id: impl Into<String>,
        function_name: impl Into<String>,
        token: impl Into<String>,
    ) -> Result<TokenValidation, Error> {
        let request = self.request(ValidateTokenRequest {
            call_id: call_id.into(),
            function_name: function_name.into(),
            token: token.into(),
        });
        let response = self.inner.validate_token(request).await?.into_inner();
        Ok(TokenValidation {
            valid: response.valid && response.reason == ValidationReason::Valid as i32,
            reason_code: response.reason,
        })
    }

    /// Returns a session's metadata; an unknown session has none and gives
    /// an empty map.
    pub async fn get_session_metadata(
        &mut self,
        session_id: impl Into<String>,
    ) -> Result<Map<String, Value>, Error> {
        let request = self.request(GetSessionMetadataRequest {
            session_id: session_id.into(),
        });
        let response = self.inner.get_session_metadata(request).await?.into_inner();
        Ok(struct_to_json(response.metadata.unwrap_or_default())?)
    }

    /// Merges the top-level keys of `metadata` into a session's metadata,
    /// creating the session when needed, and returns the metadata after the
    /// merge. Keys not named keep their values.
    pub async fn set_session_metadata(
        &mut self,
        session_id: impl Into<String>,
        metadata: Map<String, Value>,
    ) -> Result<Map<String, Value>, Error> {
        let request = self.request(SetSessionMetadataRequest {
            session_id: session_id.into(),
            metadata: Some(json_to_struct(metadata)),
        });
        let response = self.inner.set_session_metadata(request).await?.into_inner();
        Ok(struct_to_json(response.metadata.unwrap_or_default())?)
    }

    /// Drops a session's metadata; returns whether it had any.
    pub async fn delete_session_metadata(
        &mut self,
        session_id: impl Into<String>,
    ) -> Result<bool, Error> {
        let request = self.request(DeleteSessionMetadataRequest {
            session_id: session_id.into(),
        });
        Ok(self
            .inner
            .delete_session_metadata(request)
            .await?
            .into_inner()
            .existed)
    }
}
