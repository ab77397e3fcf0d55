//! The error type of [`SessionManagerClient`](crate::SessionManagerClient).

use std::error::Error as _;
use std::fmt;

use crate::structs::ConversionError;

/// Why a client call failed.
///
/// A token that does not validate is not an error: it is an answer, returned
/// as [`TokenValidation`](crate::TokenValidation) with `valid == false`.
#[derive(Debug)]
pub enum Error {
    /// The address could not be parsed, or no connection could be made.
    Transport(tonic::transport::Error),
    /// The server answered the call with a non-OK status, or the call did
    /// not finish before its deadline (`DEADLINE_EXCEEDED`). A malformed
    /// request fails with `INVALID_ARGUMENT`.
    Status(tonic::Status),
    /// Metadata returned by the server holds a number JSON cannot represent.
    Conversion(ConversionError),
    /// The server's response lacks a field the contract says it always
    /// sets, or holds one out of range; the text says which.
    InvalidResponse(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport(error) => write!(f, "cannot connect: {error}"),
            Self::Status(status) => write!(
                f,
                "call failed with {:?}: {}",
                status.code(),
                status.message()
            ),
            Self::Conversion(error) => write!(f, "bad metadata in response: {error}"),
            Self::InvalidResponse(what) => write!(f, "invalid response: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Display already names the transport error and the status, so
            // the chain goes on with what caused them.
            Self::Transport(error) => error.source(),
            Self::Status(status) => status.source(),
            Self::Conversion(error) => Some(error),
            Self::InvalidResponse(_) => None,
        }
    }
}

impl From<tonic::transport::Error> for Error {
    fn from(error: tonic::transport::Error) -> Self {
        Self::Transport(error)
    }
}

impl From<tonic::Status> for Error {
    /// Keeps the status, except that tonic reports a client-side deadline
    /// as `CANCELLED`; that one becomes `DEADLINE_EXCEEDED`, as gRPC
    /// specifies and as other gRPC clients report it.
    fn from(status: tonic::Status) -> Self {
        if status.code() == tonic::Code::Cancelled && caused_by_timeout(&status) {
            return Self::Status(tonic::Status::deadline_exceeded(
                "the call did not finish before its deadline",
            ));
        }
        Self::Status(status)
    }
}

/// Whether the client's own deadline is among the causes of `status`.
fn caused_by_timeout(status: &tonic::Status) -> bool {
    let mut cause = status.source();
    while let Some(error) = cause {
        if error.is::<tonic::TimeoutExpired>() {
            return true;
        }
        cause = error.source();
    }
    false
}

impl From<ConversionError> for Error {
    fn from(error: ConversionError) -> Self {
        Self::Conversion(error)
    }
}
