use serde::{Deserialize, Serialize};

/// The stable error codes of the portal. Each maps to one HTTP status and one plain
/// Chinese message; internal causes never reach users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The record or page does not exist.
    NotFound,
    /// The request was malformed.
    BadRequest,
    /// The database or another dependency cannot be reached right now.
    Unavailable,
    /// Anything else that went wrong on the server.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is answered with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::NotFound => 404,
            ErrorCode::BadRequest => 400,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The message shown to users, in plain Chinese.
    pub fn user_message(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "没有找到您要的内容。",
            ErrorCode::BadRequest => "请求的内容有误，请检查后重试。",
            ErrorCode::Unavailable => "系统暂时忙不过来，请稍后再试。",
            ErrorCode::Internal => "系统出了点问题，请稍后再试。",
        }
    }
}

/// An error crossing the port between pages and storage: a stable code for users and
/// a detail for the log (never shown on a page).
#[derive(Debug, Clone, thiserror::Error, Serialize, Deserialize)]
#[error("{code:?}: {detail}")]
pub struct PortError {
    pub code: ErrorCode,
    #[serde(skip)]
    pub detail: String,
}

impl PortError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
        }
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unavailable, detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_status_and_a_chinese_message() {
        let codes = [
            (ErrorCode::NotFound, 404),
            (ErrorCode::BadRequest, 400),
            (ErrorCode::Unavailable, 503),
            (ErrorCode::Internal, 500),
        ];
        for (code, status) in codes {
            assert_eq!(code.http_status(), status);
            assert!(code.user_message().ends_with('。'));
        }
    }

    #[test]
    fn codes_serialize_as_snake_case() {
        let json = serde_json::to_string(&ErrorCode::NotFound).unwrap();
        assert_eq!(json, "\"not_found\"");
    }

    #[test]
    fn the_internal_detail_is_not_serialized() {
        let err = PortError::internal("connection refused to 10.0.0.3");
        let json = serde_json::to_string(&err).unwrap();
        assert!(!json.contains("10.0.0.3"), "{json}");
    }
}
