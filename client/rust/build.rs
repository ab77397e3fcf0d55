//! Generates the SessionManager message types and gRPC client from the
//! contract in `proto/` at the repository root.
//!
//! The generated code is written to `OUT_DIR` and included by `src/lib.rs`;
//! it is never checked in. `protoc` and the well-known type definitions
//! (`google/protobuf/*.proto`) come from the `protoc-bin-vendored` crate, so
//! building needs no compiler installed on the machine.

use std::error::Error;
use std::path::Path;

/// The contract, relative to this crate's manifest.
const PROTO_ROOT: &str = "../../proto";
const PROTO_FILE: &str = "../../proto/sessionmanager/v1/session_manager.proto";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={PROTO_FILE}");
    println!("cargo:rerun-if-changed=build.rs");

    let protoc = protoc_bin_vendored::protoc_bin_path()?;
    let well_known_types = protoc_bin_vendored::include_path()?;

    let mut config = tonic_prost_build::Config::new();
    config.protoc_executable(protoc);

    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        // The rerun-if-changed lines above cover the one input file.
        .emit_rerun_if_changed(false)
        .compile_with_config(
            config,
            &[Path::new(PROTO_FILE)],
            &[Path::new(PROTO_ROOT), well_known_types.as_path()],
        )?;
    Ok(())
}
