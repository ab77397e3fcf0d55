//! Rust client for SessionManager, the service that mints and validates
//! short-lived function tokens and keeps small per-session JSON metadata.
//!
//! Two layers are offered:
//!
//! * [`v1`] holds the message types and the raw gRPC client
//!   ([`v1::session_manager_service_client::SessionManagerServiceClient`]),
//!   generated from `proto/sessionmanager/v1/session_manager.proto`. They
//!   cover every RPC of the contract and can be used on their own.
//! * [`SessionManagerClient`] is a thin wrapper over the raw client with
//!   plain Rust arguments and results: metadata goes in and out as
//!   [`serde_json::Map`] rather than [`prost_types::Struct`], and every call
//!   carries a deadline.
//!
//! ```no_run
//! # async fn run() -> Result<(), sessionmanager_client::Error> {
//! use sessionmanager_client::SessionManagerClient;
//!
//! let mut client = SessionManagerClient::connect("127.0.0.1:50051").await?;
//! let call_id = client.create_session("").await?;
//! let issued = client.generate_token(&call_id, "get_weather").await?;
//! let check = client
//!     .validate_token(&call_id, "get_weather", &issued.token)
//!     .await?;
//! assert!(check.valid);
//! # Ok(())
//! # }
//! ```
//!
//! A server that authenticates its callers wants an API key with every call:
//! [`ApiKey`] is an interceptor for
//! [`SessionManagerClient::with_interceptor`] that sends it. With the `tls`
//! feature (on by default) tonic's `ClientTlsConfig` is there for TLS and
//! mutual TLS, over rustls with the ring provider; it trusts only the CA
//! certificates it is given, not the system's.

#![warn(missing_docs)]

mod auth;
mod client;
mod error;
pub mod structs;

/// Types and the gRPC client generated from the `sessionmanager.v1` package.
#[allow(missing_docs, clippy::all)]
pub mod v1 {
    tonic::include_proto!("sessionmanager.v1");
}

pub use auth::{ApiKey, InvalidApiKey};
pub use client::{DEFAULT_TIMEOUT, IssuedToken, SessionManagerClient, TokenValidation};
pub use error::Error;
pub use structs::{ConversionError, json_to_struct, struct_to_json};
pub use v1::ValidationReason;
pub use v1::session_manager_service_client::SessionManagerServiceClient;

/// The protobuf well-known types (`Struct`, `Timestamp`, `Duration`) the
/// generated messages use.
pub use prost_types;
/// The gRPC library the client is built on, for building channels,
/// interceptors and requests with the same version.
pub use tonic;
