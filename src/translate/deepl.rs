//! The `deepl` engine (not built yet).

use super::{Engine, EngineError, EngineSpec};
use crate::glossary::Glossary;

/// The engine the spec describes, with the glossary's pairs for `from` → `to` uploaded once.
pub fn from_spec(
    _spec: &EngineSpec,
    _glossary: &Glossary,
    _from: &str,
    _to: &str,
) -> Result<Box<dyn Engine>, EngineError> {
    Err(EngineError::Setup { engine: "deepl".to_string(), message: "not built yet".to_string() })
}
