//! Uploaded images and attachments: checked by their content, stored once per content
//! hash under the upload directory, and served back with headers that keep a browser
//! from running them.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use app::domain::workflow::Role;
use app::ssr::AppState;
use app::ssr::repo::upload::{self, Upload};

/// `Cache-Control` of a file a public page shows: kept, but checked again before each use.
const PUBLIC_FILE: &str = "public, no-cache";

/// The largest file accepted, in bytes. A larger upload is refused with 413.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// What an upload answers a script.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    pub url: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// Types accepted, recognised by their first bytes (never by the name), and whether the
/// browser may show them inline.
fn accepted(content_type: &str) -> Option<bool> {
    match content_type {
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" => Some(true),
        "application/pdf"
        | "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        | "application/x-ole-storage"
        | "application/zip" => Some(false),
        _ => None,
    }
}

/// The type of `bytes` by their content, if it is one that is accepted.
pub(crate) fn recognised(bytes: &[u8]) -> Option<&'static str> {
    infer::get(bytes)
        .map(|kind| kind.mime_type())
        .filter(|t| accepted(t).is_some())
}

/// A problem with an upload, as the uploader sees it.
fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// `POST /api/upload`: one file in the multipart field `file`, from a signed-in editor or
/// expert. Answers JSON (or, for a page without JavaScript, a short page with the address).
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let account = match app::ssr::auth::account_in(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return refuse(StatusCode::UNAUTHORIZED, "请先登录"),
        Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误"),
    };
    let actor = account.actor();
    if !(actor.has(Role::Editor) || actor.has(Role::Expert)) {
        return refuse(StatusCode::FORBIDDEN, "没有上传文件的权限");
    }
    let field = loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break field,
            Ok(Some(_)) => continue,
            Ok(None) => return refuse(StatusCode::BAD_REQUEST, "file: 请选择要上传的文件"),
            Err(e) => return refuse(e.status(), &upload_error(e.status())),
        }
    };
    let name = upload::clean_name(field.file_name().unwrap_or("附件"));
    let bytes = match field.bytes().await {
        Ok(bytes) => bytes,
        Err(e) => return refuse(e.status(), &upload_error(e.status())),
    };
    if bytes.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "file: 文件是空的");
    }
    let Some(content_type) = recognised(&bytes) else {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file: 只接受图片（PNG、JPEG、GIF、WebP）、PDF 和 Office 文档（按文件内容识别）",
        );
    };
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if let Err(e) = store(&state.uploads, &hash, &bytes).await {
        tracing::error!(error = %e, "cannot store upload");
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误");
    }
    let record = Upload {
        name: name.clone(),
        content_type: content_type.to_owned(),
        size: bytes.len() as u64,
    };
    if let Err(e) = upload::record(&state.db, &hash, &record, &account.login).await {
        tracing::error!(error = ?e, "cannot record upload");
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误");
    }
    let uploaded = Uploaded {
        url: format!("/files/{hash}"),
        name,
        content_type: content_type.to_owned(),
        size: record.size,
    };
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if wants_html {
        // Back to the form it came from (a path of this site), else the desk.
        let back = headers
            .get(header::REFERER)
            .and_then(|r| r.to_str().ok())
            .and_then(|r| r.parse::<axum::http::Uri>().ok())
            .and_then(|u| u.path_and_query().map(|p| p.as_str().to_owned()))
            .filter(|p| p.starts_with("/desk"))
            .unwrap_or_else(|| "/desk".to_owned());
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>已上传</title><p>已上传：{}</p>\
             <p>地址（复制到正文或附件栏）：<code>{}</code></p><p><a href=\"{}\">返回</a></p></html>",
            html_escape(&uploaded.name),
            uploaded.url,
            html_escape(&back)
        );
        return (StatusCode::CREATED, Html(page)).into_response();
    }
    (StatusCode::CREATED, Json(uploaded)).into_response()
}

pub(crate) fn upload_error(status: StatusCode) -> String {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!("file: 文件超过 {} MB", MAX_UPLOAD_BYTES / 1024 / 1024)
    } else {
        "file: 上传未完成，请重试".to_owned()
    }
}

pub(crate) fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the content under its hash (once: the same content is the same file).
pub(crate) async fn store(dir: &std::path::Path, hash: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(hash);
    if tokio::fs::try_exists(&path).await? {
        return Ok(());
    }
    tokio::fs::create_dir_all(dir).await?;
    // Written aside, then renamed: a reader never sees half a file.
    let partial = dir.join(format!("{hash}.partial"));
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, &path).await
}

/// `GET /files/{hash}`: an uploaded file with its recorded type; anything but an image
/// is a download.
pub async fn serve(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request_headers: HeaderMap,
) -> Response {
    let is_hash = name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !is_hash {
        return StatusCode::NOT_FOUND.into_response();
    }
    // A file is the public's only while a public page shows it; otherwise only staff
    // who are signed in may have it, and nobody else learns that it exists.
    let public = match upload::is_public(&state.db, &name).await {
        Ok(public) => public,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if !public {
        match app::ssr::auth::account_in(&state, &request_headers).await {
            Ok(Some(_)) => {}
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    let etag = format!("\"{name}\"");
    let revalidated = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    if public && revalidated {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_FILE));
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    let record = match upload::get(&state.db, &name).await {
        Ok(Some(record)) => record,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let bytes = match tokio::fs::read(state.uploads.join(&name)).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read upload");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let inline = accepted(&record.content_type).unwrap_or(false);
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        utf8_percent_encode(&record.name, NON_ALPHANUMERIC)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&record.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    // The content behind the address never changes, but whether it may be shown does: a
    // browser asks again each time (a 304 while it is still public).
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if public { PUBLIC_FILE } else { crate::PRIVATE }),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'",
        ),
    );
    response
}
