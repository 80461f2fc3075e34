//! The `command` engine (not built yet).

use super::{Engine, EngineError, EngineSpec};

/// The engine the spec describes.
pub fn from_spec(_spec: &EngineSpec) -> Result<Box<dyn Engine>, EngineError> {
    Err(EngineError::Setup { engine: "command".to_string(), message: "not built yet".to_string() })
}
