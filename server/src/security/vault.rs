//! Personal data at rest: sealed with XChaCha20-Poly1305 under a key kept in a file outside
//! the database, plus keyed hashes (HMAC-SHA256) for finding duplicates without decrypting.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Bytes in the key file: 32 for the cipher, 32 for the keyed hashes.
const KEY_FILE_LEN: usize = 64;
const NONCE_LEN: usize = 24;

/// Why the vault cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("无法读写密钥文件 {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("密钥文件 {path} 的长度不对（应为 {KEY_FILE_LEN} 字节），拒绝使用")]
    BadKey { path: PathBuf },
    #[error("密钥文件 {path} 的权限过宽（应为 0600），拒绝使用")]
    Permissions { path: PathBuf },
    #[error("无法取得随机数")]
    Random,
    #[error("加密数据无法解开（密钥不符或数据损坏）")]
    Open,
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The text of the key-check value.
const KEY_CHECK_TEXT: &str = "portal key check 1";

/// What starts a sealed note.
const NOTE_PREFIX: &str = "sealed:";

/// What is sealed of one report: everything that names or reaches a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub description: String,
}

/// The cipher and hash keys, loaded once at start.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    /// HMAC-SHA256 keyed with the second half of the key file, cloned for each hash.
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(**)")
    }
}

/// Fills `buf` from the operating system's random source.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), VaultError> {
    getrandom::fill(buf).map_err(|_| VaultError::Random)
}

impl Vault {
    /// Opens the key file, creating it with fresh random keys and mode 0600 when it does
    /// not exist. A key file readable by others is refused. (Serving uses
    /// [`crate::security::keycheck::open_vault`], which never replaces a key silently.)
    pub fn open_or_create(path: &Path) -> Result<Vault, VaultError> {
        Vault::create(path)?;
        Vault::open_existing(path)
    }

    /// Writes a new key file with fresh random keys and mode 0600, unless one exists.
    pub fn create(path: &Path) -> Result<(), VaultError> {
        let io = |source| VaultError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(path) {
            Ok(mut file) => {
                let mut key = [0_u8; KEY_FILE_LEN];
                random_bytes(&mut key)?;
                file.write_all(&key).map_err(io)?;
                file.sync_all().map_err(io)?;
                Ok(())
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(err) => Err(io(err)),
        }
    }

    /// Opens an existing key file; a key file readable by others is refused.
    pub fn open_existing(path: &Path) -> Result<Vault, VaultError> {
        let io = |source| VaultError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = file.metadata().map_err(io)?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(VaultError::Permissions {
                    path: path.to_path_buf(),
                });
            }
        }
        let mut key = Vec::new();
        file.read_to_end(&mut key).map_err(io)?;
        if key.len() != KEY_FILE_LEN {
            return Err(VaultError::BadKey {
                path: path.to_path_buf(),
            });
        }
        let cipher =
            XChaCha20Poly1305::new_from_slice(&key[..32]).map_err(|_| VaultError::BadKey {
                path: path.to_path_buf(),
            })?;
        let mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&key[32..]).map_err(|_| VaultError::BadKey {
                path: path.to_path_buf(),
            })?;
        Ok(Vault { cipher, mac })
    }

    /// A value that shows which key made it without revealing the key: a keyed hash of a
    /// fixed text (the hash half) and that text sealed (the cipher half).
    pub fn key_check(&self) -> Result<String, VaultError> {
        Ok(format!(
            "{}|{}",
            self.keyed_hash(&[KEY_CHECK_TEXT]),
            self.seal_note(KEY_CHECK_TEXT)?
        ))
    }

    /// Whether `value` was made by [`Vault::key_check`] with this key.
    pub fn matches_check(&self, value: &str) -> bool {
        let Some((hash, sealed)) = value.split_once('|') else {
            return false;
        };
        Vault::same_hash(hash, &self.keyed_hash(&[KEY_CHECK_TEXT]))
            && self
                .open_note(sealed)
                .is_ok_and(|text| text == KEY_CHECK_TEXT)
    }

    /// Seals personal data: base64 of a random 24-byte nonce followed by the ciphertext.
    pub fn seal(&self, data: &PersonalData) -> Result<String, VaultError> {
        let plain = serde_json::to_vec(data).map_err(|_| VaultError::Open)?;
        let mut nonce = [0_u8; NONCE_LEN];
        random_bytes(&mut nonce)?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plain.as_slice())
            .map_err(|_| VaultError::Open)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(BASE64.encode(out))
    }

    /// Opens what [`Vault::seal`] sealed; fails on a wrong key or any altered byte.
    pub fn open(&self, sealed: &str) -> Result<PersonalData, VaultError> {
        let plain = self.open_bytes(sealed)?;
        serde_json::from_slice(&plain).map_err(|_| VaultError::Open)
    }

    fn open_bytes(&self, sealed: &str) -> Result<Vec<u8>, VaultError> {
        let bytes = BASE64.decode(sealed).map_err(|_| VaultError::Open)?;
        if bytes.len() <= NONCE_LEN {
            return Err(VaultError::Open);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| VaultError::Open)
    }

    /// Seals a staff note (a home-visit result, a decline reason) like the description:
    /// `sealed:` and the sealed text; an empty note stays empty.
    pub fn seal_note(&self, note: &str) -> Result<String, VaultError> {
        if note.is_empty() {
            return Ok(String::new());
        }
        let mut nonce = [0_u8; NONCE_LEN];
        random_bytes(&mut nonce)?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), note.as_bytes())
            .map_err(|_| VaultError::Open)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{NOTE_PREFIX}{}", BASE64.encode(out)))
    }

    /// A note as written: opened when sealed, as stored when it predates sealing.
    pub fn open_note(&self, stored: &str) -> Result<String, VaultError> {
        match stored.strip_prefix(NOTE_PREFIX) {
            Some(sealed) => {
                String::from_utf8(self.open_bytes(sealed)?).map_err(|_| VaultError::Open)
            }
            None => Ok(stored.to_string()),
        }
    }

    /// A keyed hash (hex) of `parts`, for comparisons without storing the value.
    pub fn keyed_hash(&self, parts: &[&str]) -> String {
        let mut mac = self.mac.clone();
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0x1f]);
        }
        hex(&mac.finalize().into_bytes())
    }

    /// Compares two hashes in constant time.
    pub fn same_hash(a: &str, b: &str) -> bool {
        a.len() == b.len()
            && a.bytes()
                .zip(b.bytes())
                .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
                == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> PersonalData {
        PersonalData {
            name: "王大山".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            description: "老人住院".into(),
        }
    }

    #[test]
    fn a_new_key_file_is_private_and_reopens_to_the_same_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/report.key");
        let vault = Vault::open_or_create(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sealed = vault.seal(&data()).unwrap();
        let again = Vault::open_or_create(&path).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), data());
        assert_eq!(vault.keyed_hash(&["x"]), again.keyed_hash(&["x"]));
    }

    #[test]
    fn sealed_data_shows_nothing_and_any_change_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open_or_create(&dir.path().join("k")).unwrap();
        let sealed = vault.seal(&data()).unwrap();
        let raw = BASE64.decode(&sealed).unwrap();
        let raw_text = String::from_utf8_lossy(&raw);
        assert!(!raw_text.contains("13812345678") && !raw_text.contains("1949"));
        assert_ne!(
            vault.seal(&data()).unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        let mut tampered = raw.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(vault.open(&BASE64.encode(tampered)).is_err());
        let other = Vault::open_or_create(&dir.path().join("other")).unwrap();
        assert!(other.open(&sealed).is_err(), "another key cannot open it");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        Vault::open_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            Vault::open_or_create(&path),
            Err(VaultError::Permissions { .. })
        ));
    }

    #[test]
    fn a_key_check_value_tells_its_own_key_from_another() {
        let dir = tempfile::tempdir().unwrap();
        let a = Vault::open_or_create(&dir.path().join("a")).unwrap();
        let b = Vault::open_or_create(&dir.path().join("b")).unwrap();
        let check = a.key_check().unwrap();
        assert!(a.matches_check(&check));
        assert!(!b.matches_check(&check));
        assert!(!a.matches_check("nonsense"));
        assert!(Vault::open_existing(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn keyed_hashes_differ_by_key_and_separate_their_parts() {
        let dir = tempfile::tempdir().unwrap();
        let a = Vault::open_or_create(&dir.path().join("a")).unwrap();
        let b = Vault::open_or_create(&dir.path().join("b")).unwrap();
        assert_ne!(a.keyed_hash(&["110105"]), b.keyed_hash(&["110105"]));
        assert_ne!(a.keyed_hash(&["ab", "c"]), a.keyed_hash(&["a", "bc"]));
        assert!(Vault::same_hash(
            &a.keyed_hash(&["x"]),
            &a.keyed_hash(&["x"])
        ));
        assert!(!Vault::same_hash(
            &a.keyed_hash(&["x"]),
            &a.keyed_hash(&["y"])
        ));
    }
}
