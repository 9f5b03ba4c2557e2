//! What generated code assumes of the crate it is compiled into. The
//! generator knows nothing of that crate but what its caller passes in here;
//! `sentinel-incidents` keeps its answer in one file, `spec/target.json`,
//! which `build.rs`, the drift guard and the maintainer command all read.

use std::path::Path;

use serde_json::Value;

use crate::error::CodegenError;

/// The crate the generated code is compiled into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    inner_type: String,
    client_feature: Option<String>,
    schemars_feature: Option<String>,
}

impl Target {
    /// Generated code whose `Client` carries `inner_type` (a path such as
    /// `crate::pipeline::Pipeline`) and for which the crate implements
    /// `progenitor_client::ClientHooks`. Without features, everything is
    /// compiled unconditionally.
    pub fn new(inner_type: impl Into<String>) -> Self {
        Self {
            inner_type: inner_type.into(),
            client_feature: None,
            schemars_feature: None,
        }
    }

    /// Compiles the HTTP client (progenitor's `Client` and its imports) only
    /// with this cargo feature, so that the types build without reqwest.
    pub fn client_feature(mut self, feature: impl Into<String>) -> Self {
        self.client_feature = Some(feature.into());
        self
    }

    /// Derives `schemars::JsonSchema` on every type with this cargo feature.
    pub fn schemars_feature(mut self, feature: impl Into<String>) -> Self {
        self.schemars_feature = Some(feature.into());
        self
    }

    /// Reads a target file: `{"inner_type": …, "client_feature": …,
    /// "schemars_feature": …}` (the features optional), reported under `name`.
    pub fn read(path: &Path, name: &str) -> Result<Self, CodegenError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CodegenError::new(name, "", format!("cannot read {}: {e}", path.display()))
        })?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            CodegenError::new(
                name,
                "",
                format!(
                    "malformed JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let text_at = |key: &str| -> Result<Option<String>, CodegenError> {
            match doc.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(CodegenError::new(
                    name,
                    format!("/{key}"),
                    "must be a string",
                )),
            }
        };
        let inner_type = text_at("inner_type")?
            .ok_or_else(|| CodegenError::new(name, "", "`inner_type` is required"))?;
        Ok(Self {
            inner_type,
            client_feature: text_at("client_feature")?,
            schemars_feature: text_at("schemars_feature")?,
        })
    }

    pub(crate) fn inner_type(&self) -> &str {
        &self.inner_type
    }

    pub(crate) fn client_feature_name(&self) -> Option<&str> {
        self.client_feature.as_deref()
    }

    pub(crate) fn schemars_feature_name(&self) -> Option<&str> {
        self.schemars_feature.as_deref()
    }
}
