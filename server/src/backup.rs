//! `jiedu backup` and `jiedu restore`: everything the server keeps, in one file.
//!
//! A backup is a gzipped tar archive of three parts, in this order:
//!
//! | entry | what |
//! |---|---|
//! | `manifest.json` | format and its version, the jiedu and schema versions, when, records per table, how many files |
//! | `database.surql` | SurrealDB's own dump: every definition and every record of every table |
//! | `files/{sha256}` | every uploaded file, under its content hash as in `JIEDU_FILES` |
//!
//! Unlike `jiedu export` (the registry's portable JSON Lines: units, taxonomies and
//! policies), a backup holds accounts with their password hashes, sessions, questions with
//! the names and contacts of the people who asked, and the audit trail. It is written
//! readable by its owner only (0600), aside and then renamed, so a backup that failed
//! leaves no file that looks whole.
//!
//! A restore checks the whole archive (format, schema version, every file against its
//! hash) before it changes anything, refuses a store that holds records unless forced,
//! loads the dump in place of the database, checks every table's count against the
//! manifest, and only then brings the schema up to date and puts the files in place.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use app::ssr::Db;
use app::ssr::db::{latest_schema_version, migrate, schema_version};
use app::ssr::store::{self, StoreError};

/// What `manifest.json` says its archive is.
pub const FORMAT: &str = "jiedu-backup";
/// The layout described in this module; a restore refuses any other.
pub const FORMAT_VERSION: u32 = 1;

const MANIFEST: &str = "manifest.json";
const DUMP: &str = "database.surql";
const FILES: &str = "files/";

/// The first entry of a backup: what it holds, so a restore can check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The version of jiedu that wrote it.
    pub jiedu_version: String,
    /// The database's schema version when it was written.
    pub schema_version: i64,
    /// When it was written (RFC 3339, UTC).
    pub created_at: String,
    /// Records in each table of the database.
    pub tables: BTreeMap<String, u64>,
    /// How many uploaded files follow the dump.
    pub files: usize,
}

impl Manifest {
    /// Records in all tables together.
    pub fn records(&self) -> u64 {
        self.tables.values().sum()
    }
}

/// Why a backup or restore did not happen (or, for `Mismatch`, did not come out whole).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(Box<StoreError>),
    #[error("{what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a jiedu backup: {reason}", .path.display())]
    NotABackup { path: PathBuf, reason: String },
    #[error(
        "the backup is at schema version {found}, newer than this build of jiedu knows \
         (version {known}); restore it with a newer jiedu"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error(
        "the database is not empty ({records} records in {tables} tables); restore replaces \
         everything in it: run `jiedu restore --force FILE` to do that, or point JIEDU_DB at \
         an empty store"
    )]
    NotEmpty { records: u64, tables: usize },
    #[error(
        "the restored database differs from the backup's manifest ({0}); the store holds \
         part of the backup: run `jiedu restore --force` again"
    )]
    Mismatch(String),
    #[error(transparent)]
    Db(Box<app::ssr::db::DbError>),
    #[error("schema upgrade after the restore failed: {0}")]
    Migrate(Box<app::ssr::db::DbError>),
    #[error("the archive could not be handled: {0}")]
    Task(String),
}

impl From<StoreError> for BackupError {
    fn from(e: StoreError) -> Self {
        Self::Store(Box::new(e))
    }
}

impl From<app::ssr::db::DbError> for BackupError {
    fn from(e: app::ssr::db::DbError) -> Self {
        Self::Db(Box::new(e))
    }
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + use<> {
    let path = path.to_path_buf();
    move |source| BackupError::Io { what, path, source }
}

/// Whether `name` is how an uploaded file is stored: 64 lower-case hex digits.
fn is_content_hash(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub manifest: Manifest,
    pub bytes: u64,
}

/// Writes everything in `db` and every uploaded file in `uploads` to `file` (see the
/// module's description). The caller has the store to itself: an embedded store admits
/// one process, so a running server must be stopped first.
pub async fn backup(db: &Db, uploads: &Path, file: &Path) -> Result<BackupReport, BackupError> {
    // A directory only its owner can enter holds the dump until it is in the archive.
    let work = tempfile::tempdir().map_err(io(
        "cannot make a working directory in",
        &std::env::temp_dir(),
    ))?;
    let dump = work.path().join(DUMP);
    store::dump(db, &dump).await?;
    let tables = store::table_counts(db).await?;
    let files = uploaded_files(uploads)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        jiedu_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: schema_version(db).await?,
        created_at: chrono::Utc::now().to_rfc3339(),
        tables,
        files: files.len(),
    };
    let target = file.to_path_buf();
    let written = manifest.clone();
    let bytes =
        tokio::task::spawn_blocking(move || write_archive(&target, &written, &dump, &files))
            .await
            .map_err(|e| BackupError::Task(e.to_string()))??;
    drop(work);
    Ok(BackupReport { manifest, bytes })
}

/// The uploaded files in `uploads` (those named by their content hash; a `.partial` file
/// being written is not one), by name. No directory is no files.
fn uploaded_files(uploads: &Path) -> Result<Vec<(String, PathBuf)>, BackupError> {
    let entries = match std::fs::read_dir(uploads) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("cannot read the upload directory", uploads)(e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io("cannot read the upload directory", uploads))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry
            .file_type()
            .map_err(io("cannot read", &entry.path()))?
            .is_file();
        if is_file && is_content_hash(&name) {
            files.push((name, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

fn write_archive(
    file: &Path,
    manifest: &Manifest,
    dump: &Path,
    files: &[(String, PathBuf)],
) -> Result<u64, BackupError> {
    let dir = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Created readable by its owner only, and renamed over `file` when complete.
    let partial = tempfile::Builder::new()
        .prefix(".jiedu-backup-")
        .tempfile_in(dir)
        .map_err(io("cannot write in", dir))?;
    let cannot_write = || io("cannot write", file);
    let gzip = flate2::write::GzEncoder::new(partial.as_file(), flate2::Compression::default());
    let mut archive = tar::Builder::new(gzip);
    archive.mode(tar::HeaderMode::Deterministic);
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| BackupError::Task(e.to_string()))?;
    let mut header = tar::Header::new_gnu();
    header.set_size(json.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    archive
        .append_data(&mut header, MANIFEST, json.as_slice())
        .map_err(cannot_write())?;
    archive
        .append_path_with_name(dump, DUMP)
        .map_err(cannot_write())?;
    for (name, path) in files {
        archive
            .append_path_with_name(path, format!("{FILES}{name}"))
            .map_err(io("cannot read", path))?;
    }
    archive
        .into_inner()
        .and_then(flate2::write::GzEncoder::finish)
        .and_then(|mut out| out.flush())
        .map_err(cannot_write())?;
    partial.as_file().sync_all().map_err(cannot_write())?;
    let bytes = partial.as_file().metadata().map_err(cannot_write())?.len();
    partial
        .persist(file)
        .map_err(|e| io("cannot write", file)(e.error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .map_err(io("cannot restrict the permissions of", file))?;
    }
    Ok(bytes)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub manifest: Manifest,
    /// Schema versions applied after loading (a backup from an older jiedu).
    pub migrated: Vec<i64>,
    /// Files put in the upload directory (those already there are kept).
    pub files_added: usize,
}

/// Loads the backup in `file` into `db` and its files into `uploads`. Refuses a store
/// that holds records (anything but the schema version) unless `force`, in which case
/// everything in the database is replaced. Nothing changes unless the whole archive is
/// sound.
pub async fn restore(
    db: &Db,
    uploads: &Path,
    file: &Path,
    force: bool,
) -> Result<RestoreReport, BackupError> {
    let counts = store::table_counts(db).await?;
    if store::holds_records(&counts) && !force {
        return Err(BackupError::NotEmpty {
            records: counts.values().sum(),
            tables: counts.values().filter(|n| **n > 0).count(),
        });
    }
    let work = tempfile::tempdir().map_err(io(
        "cannot make a working directory in",
        &std::env::temp_dir(),
    ))?;
    let source = file.to_path_buf();
    let into = work.path().to_path_buf();
    let manifest = tokio::task::spawn_blocking(move || unpack(&source, &into))
        .await
        .map_err(|e| BackupError::Task(e.to_string()))??;
    let known = latest_schema_version();
    if manifest.schema_version > known {
        return Err(BackupError::SchemaTooNew {
            found: manifest.schema_version,
            known,
        });
    }
    store::load(db, &work.path().join(DUMP)).await?;
    let loaded = store::table_counts(db).await?;
    let wrong = differences(&manifest.tables, &loaded);
    if !wrong.is_empty() {
        return Err(BackupError::Mismatch(wrong.join(", ")));
    }
    let migrated = migrate(db)
        .await
        .map_err(|e| BackupError::Migrate(Box::new(e)))?;
    let staged = work.path().join("files");
    let files_added = tokio::task::spawn_blocking({
        let uploads = uploads.to_path_buf();
        move || put_files(&staged, &uploads)
    })
    .await
    .map_err(|e| BackupError::Task(e.to_string()))??;
    Ok(RestoreReport {
        manifest,
        migrated,
        files_added,
    })
}

/// Each table whose count differs, as `table: expected → found`.
fn differences(expected: &BTreeMap<String, u64>, found: &BTreeMap<String, u64>) -> Vec<String> {
    let mut tables: Vec<&String> = expected.keys().chain(found.keys()).collect();
    tables.sort();
    tables.dedup();
    tables
        .into_iter()
        .filter_map(|table| {
            let (e, f) = (expected.get(table), found.get(table));
            (e != f).then(|| {
                let show = |n: Option<&u64>| n.map_or("no table".to_owned(), u64::to_string);
                format!("{table}: {} → {}", show(e), show(f))
            })
        })
        .collect()
}

/// Checks and unpacks the archive `file` into `into`: the manifest, the dump, and the
/// files under `into/files/`, each checked against its name. Returns the manifest.
fn unpack(file: &Path, into: &Path) -> Result<Manifest, BackupError> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        reason,
    };
    let opened = std::fs::File::open(file).map_err(io("cannot read", file))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(opened));
    let entries = archive.entries().map_err(|e| not_a_backup(e.to_string()))?;
    let files_dir = into.join("files");
    std::fs::create_dir_all(&files_dir).map_err(io("cannot write in", into))?;
    let mut manifest: Option<Manifest> = None;
    let mut dump = false;
    let mut files = 0usize;
    for entry in entries {
        let mut entry = entry.map_err(|e| not_a_backup(e.to_string()))?;
        let name = entry
            .path()
            .map_err(|e| not_a_backup(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        if manifest.is_none() && name != MANIFEST {
            return Err(not_a_backup(format!(
                "it begins with {name}, not {MANIFEST}"
            )));
        }
        if name == MANIFEST {
            let mut json = Vec::new();
            entry
                .read_to_end(&mut json)
                .map_err(|e| not_a_backup(e.to_string()))?;
            let read: Manifest = serde_json::from_slice(&json)
                .map_err(|e| not_a_backup(format!("{MANIFEST}: {e}")))?;
            if read.format != FORMAT || read.format_version != FORMAT_VERSION {
                return Err(not_a_backup(format!(
                    "its format is {} version {}; this jiedu reads {FORMAT} version \
                     {FORMAT_VERSION}",
                    read.format, read.format_version
                )));
            }
            manifest = Some(read);
        } else if name == DUMP {
            let path = into.join(DUMP);
            let mut out = std::fs::File::create(&path).map_err(io("cannot write", &path))?;
            std::io::copy(&mut entry, &mut out).map_err(|e| not_a_backup(e.to_string()))?;
            dump = true;
        } else if let Some(hash) = name.strip_prefix(FILES).filter(|h| is_content_hash(h)) {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| not_a_backup(e.to_string()))?;
            if sha256_hex(&bytes) != hash {
                return Err(not_a_backup(format!("{name} does not match its hash")));
            }
            let path = files_dir.join(hash);
            std::fs::write(&path, &bytes).map_err(io("cannot write", &path))?;
            files += 1;
        } else {
            return Err(not_a_backup(format!("it holds an unexpected entry {name}")));
        }
    }
    let manifest = manifest.ok_or_else(|| not_a_backup("it is empty".into()))?;
    if !dump {
        return Err(not_a_backup(format!("it has no {DUMP}")));
    }
    if files != manifest.files {
        return Err(not_a_backup(format!(
            "it holds {files} files where its manifest says {}",
            manifest.files
        )));
    }
    Ok(manifest)
}

/// Moves the unpacked files into the upload directory, each written aside and renamed (as
/// uploads are), keeping any file already there (the same name is the same content).
fn put_files(staged: &Path, uploads: &Path) -> Result<usize, BackupError> {
    std::fs::create_dir_all(uploads).map_err(io("cannot make the upload directory", uploads))?;
    let mut added = 0;
    for (name, path) in uploaded_files(staged)? {
        let target = uploads.join(&name);
        if target.exists() {
            continue;
        }
        let partial = uploads.join(format!("{name}.partial"));
        std::fs::copy(&path, &partial).map_err(io("cannot write", &partial))?;
        std::fs::rename(&partial, &target).map_err(io("cannot write", &target))?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_each_table_that_differs() {
        let expected = BTreeMap::from([("policy".to_owned(), 3), ("audit".to_owned(), 10)]);
        let found = BTreeMap::from([("policy".to_owned(), 3), ("qa".to_owned(), 1)]);
        assert_eq!(
            differences(&expected, &found),
            vec!["audit: 10 → no table", "qa: no table → 1"]
        );
        assert!(differences(&expected, &expected).is_empty());
    }

    #[test]
    fn an_archive_that_is_not_a_backup_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("other.tar.gz");
        {
            let gzip = flate2::write::GzEncoder::new(
                std::fs::File::create(&file).expect("create"),
                flate2::Compression::default(),
            );
            let mut archive = tar::Builder::new(gzip);
            let mut header = tar::Header::new_gnu();
            header.set_size(5);
            header.set_cksum();
            archive
                .append_data(&mut header, "notes.txt", b"hello".as_slice())
                .expect("append");
            archive
                .into_inner()
                .and_then(flate2::write::GzEncoder::finish)
                .expect("finish");
        }
        let into = dir.path().join("into");
        let e = unpack(&file, &into).expect_err("refused");
        assert!(e.to_string().contains("begins with notes.txt"), "{e}");
        std::fs::write(&file, b"plain text").expect("write");
        assert!(matches!(
            unpack(&file, &into),
            Err(BackupError::NotABackup { .. })
        ));
    }

    #[test]
    fn a_file_that_does_not_match_its_hash_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dump = dir.path().join("dump.surql");
        std::fs::write(&dump, "OPTION IMPORT;").expect("dump");
        let uploads = dir.path().join("uploads");
        std::fs::create_dir_all(&uploads).expect("uploads");
        let wrong = "0".repeat(64);
        std::fs::write(uploads.join(&wrong), b"not that content").expect("file");
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            jiedu_version: "0".into(),
            schema_version: 1,
            created_at: String::new(),
            tables: BTreeMap::new(),
            files: 1,
        };
        let file = dir.path().join("backup.tar.gz");
        let files = uploaded_files(&uploads).expect("list");
        write_archive(&file, &manifest, &dump, &files).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let e = unpack(&file, &dir.path().join("into")).expect_err("refused");
        assert!(e.to_string().contains("does not match its hash"), "{e}");
    }
}
