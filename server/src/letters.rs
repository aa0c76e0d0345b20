//! The letters of disclosure applications as DOCX: the applicant's, by tracking number
//! (`/track/letter.docx?code=…`: the reply once sent; `&notice=N`: a notice addressed to
//! them), and the unit staff's, as drafted or issued
//! (`/desk/applications/{code}/letter.docx`, `?notice=N`). Nothing else about an
//! application is in either answer.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use app::domain::application::letter::Letter;
use app::ssr::repo::application::{self, WhichLetter};
use app::ssr::state::AppState;

/// The query of the applicant's download.
#[derive(Debug, serde::Deserialize)]
pub struct ByNumber {
    code: String,
    notice: Option<usize>,
}

/// Which letter: a notice by its place, or the reply.
#[derive(Debug, serde::Deserialize)]
pub struct Which {
    notice: Option<usize>,
}

fn which(notice: Option<usize>) -> WhichLetter {
    notice.map_or(WhichLetter::Reply, WhichLetter::Notice)
}

/// `GET /track/letter.docx?code=YS-…[&notice=N]`: the sent reply of that application, or
/// a notice sent to the applicant, or 404.
pub async fn sent(State(state): State<AppState>, Query(query): Query<ByNumber>) -> Response {
    match application::sent_letter(&state.db, &query.code, which(query.notice)).await {
        Ok(Some(letter)) => docx(&letter),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /desk/applications/{code}/letter.docx`: the letter as drafted, for the unit's
/// editors and reviewers; 404 to anyone else, who does not learn that it exists.
pub async fn drafted(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<Which>,
    headers: HeaderMap,
) -> Response {
    let account = match app::ssr::auth::account_in(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match application::draft_letter(&state.db, &code, which(query.notice)).await {
        Ok(Some((unit, letter))) if app::domain::concern::may_read(&account.actor(), &unit) => {
            docx(&letter)
        }
        Ok(_) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn docx(letter: &Letter) -> Response {
    match app::ssr::docx::letter_docx(letter) {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"reply.docx\""),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => {
            tracing::error!(cause = %e, "letter docx");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
