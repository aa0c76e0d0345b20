//! Files an applicant adds to their disclosure application: sent from `/track` with the
//! tracking number (`POST /track/attachments`), checked by the upload rules (size, type by
//! content), kept private under the upload directory's `private/` — never served at
//! `/files/…`, which any signed-in account may read — and given only to the handling
//! unit's staff (`GET /desk/applications/{code}/attachment?n=N`).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use app::error::AppError;
use app::ssr::AppState;
use app::ssr::repo::application::{self, Attachment};
use app::ssr::repo::throttle::Quota;

/// Files one address may add per hour.
const PER_HOUR: u64 = 20;

/// The directory of applicants' files.
fn private_dir(state: &AppState) -> std::path::PathBuf {
    state.uploads.join("private")
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A refusal: JSON for a script, a short page with the way back for a browser.
fn refuse(status: StatusCode, message: &str, back: Option<&str>, html: bool) -> Response {
    if html {
        let back = back.map_or_else(|| "/track".to_owned(), |code| format!("/track?code={code}"));
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>未能上传</title><p role=\"alert\">{}</p><p><a href=\"{}\">返回</a></p></html>",
            crate::files::html_escape(message),
            crate::files::html_escape(&back)
        );
        return (status, axum::response::Html(page)).into_response();
    }
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// `POST /track/attachments`: the fields `code` (the tracking number) and `file`. A page
/// goes back to `/track` with the number; a script gets 201.
pub async fn add(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let html = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let (mut code, mut file) = (None, None);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("code") => code = field.text().await.ok(),
                Some("file") => {
                    let name =
                        app::ssr::repo::upload::clean_name(field.file_name().unwrap_or("附件"));
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes)),
                        Err(e) => {
                            return refuse(
                                e.status(),
                                &crate::files::upload_error(e.status()),
                                None,
                                html,
                            );
                        }
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(e) => {
                return refuse(
                    e.status(),
                    &crate::files::upload_error(e.status()),
                    None,
                    html,
                );
            }
        }
    }
    let Some(code) = code.as_deref().and_then(application::normalise_code) else {
        return refuse(StatusCode::BAD_REQUEST, "code: 请填写申请编号", None, html);
    };
    let back = Some(code.as_str());
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "file: 请选择要上传的文件",
            back,
            html,
        );
    };
    let now = state.clock.now();
    let address = hex(&Sha256::digest(
        state
            .settings
            .proxies
            .client(peer.ip(), &headers)
            .to_string()
            .as_bytes(),
    ));
    let quota = [Quota::new(
        "attach",
        &address,
        PER_HOUR,
        chrono::Duration::hours(1),
    )];
    match app::ssr::repo::throttle::take(&state.db, &quota, now).await {
        Ok(None) => {}
        Ok(Some(retry)) => {
            let mut response = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "上传过于频繁，请稍后再试",
                back,
                html,
            );
            if let Ok(value) = HeaderValue::from_str(&retry.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
        Err(_) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "服务暂时不可用，请稍后再试",
                back,
                html,
            );
        }
    }
    let Some(content_type) = crate::files::recognised(&bytes) else {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file: 只接受图片（PNG、JPEG、GIF、WebP）、PDF 和 Office 文档（按文件内容识别）",
            back,
            html,
        );
    };
    // Nothing is written for an application that cannot take it (the step below checks
    // again, atomically).
    let today = now
        .with_timezone(&app::domain::policy::china_offset())
        .date_naive();
    match application::track(&state.db, &code, today).await {
        Ok(Some(found)) if found.may_attach => {}
        Ok(Some(_)) => {
            return refuse(
                StatusCode::CONFLICT,
                "申请已办结或材料已满 10 个，不能再补充",
                back,
                html,
            );
        }
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "没有这个申请编号", None, html),
        Err(_) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "服务器内部错误",
                back,
                html,
            );
        }
    }
    let hash = hex(&Sha256::digest(&bytes));
    if let Err(e) = crate::files::store(&private_dir(&state), &hash, &bytes).await {
        tracing::error!(error = %e, "cannot store an applicant's file");
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "服务器内部错误",
            back,
            html,
        );
    }
    let attachment = Attachment {
        name,
        hash,
        content_type: content_type.to_owned(),
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        added_at: now,
    };
    match application::attach(&state.db, &code, attachment).await {
        Ok(()) if html => Redirect::to(&format!("/track?code={code}&attached=1")).into_response(),
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(AppError::NotFound) => refuse(StatusCode::NOT_FOUND, "没有这个申请编号", None, html),
        Err(AppError::Conflict(words)) => refuse(StatusCode::CONFLICT, &words.zh, back, html),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "服务器内部错误",
            back,
            html,
        ),
    }
}

/// Which file.
#[derive(Debug, serde::Deserialize)]
pub struct Which {
    n: usize,
}

/// `GET /desk/applications/{code}/attachment?n=N`: the applicant's `N`-th file, for the
/// unit's editors and reviewers; 404 to anyone else, who does not learn that it exists.
pub async fn get(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(which): Query<Which>,
    headers: HeaderMap,
) -> Response {
    let account = match app::ssr::auth::account_in(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let file = match application::attachment(&state.db, &code, which.n).await {
        Ok(Some((unit, file))) if app::domain::concern::may_read(&account.actor(), &unit) => file,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let bytes = match tokio::fs::read(private_dir(&state).join(&file.hash)).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "cannot read an applicant's file");
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    let mut response = bytes.into_response();
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&file.content_type) {
        out.insert(header::CONTENT_TYPE, value);
    }
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        utf8_percent_encode(&file.name, NON_ALPHANUMERIC)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        out.insert(header::CONTENT_DISPOSITION, value);
    }
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(crate::PRIVATE),
    );
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox; frame-ancestors 'none'"),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
