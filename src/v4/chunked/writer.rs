//! [`ChunkedWriter`], the `std::io::Write` face of the encoder, and
//! [`Chunked::writer`] that makes one. Built only with the `std` feature.

use alloc::vec::Vec;

use crate::error::{Error, Result};

use super::chain::ChainSigner;
use super::{ChunkEncoder, ChunkSigner, Chunked, CRLF};

impl Chunked {
    /// A [`std::io::Write`] adapter that frames what is written into `inner`.
    ///
    /// ```
    /// use std::io::Write;
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 3)?;
    /// let mut w = c.writer(None, Vec::new())?;
    /// w.write_all(b"he").unwrap();
    /// w.write_all(b"llo").unwrap();
    /// let body = w.finish(&[]).unwrap();
    /// assert_eq!(body, c.encode(None, b"hello", &[])?);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn writer<W: std::io::Write>(
        &self,
        signer: Option<ChunkSigner>,
        inner: W,
    ) -> Result<ChunkedWriter<W>> {
        self.writer_with(signer.map(ChainSigner::Hmac), inner)
    }

    /// [`Chunked::writer`] for a SigV4A body (see [`Chunked::encoder_v4a`]).
    ///
    /// ```
    /// use std::io::Write;
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// use awssig::v4a::Signer;
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let c = Chunked::new(ChunkedMode::SignedEcdsa, 8192)?;
    /// let h = [("host", "b.s3.amazonaws.com")];
    /// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(c.payload()), SigningTime::from_unix(0)?)?;
    /// let mut w = c.writer_v4a(signer.chunk_signer(&seed)?, Vec::new())?;
    /// w.write_all(&[1u8; 10_000]).unwrap();
    /// let body = w.finish(&[]).unwrap();
    /// // RFC 6979 nonces: the same input frames the same bytes.
    /// assert_eq!(body, c.encode_v4a(signer.chunk_signer(&seed)?, &[1u8; 10_000], &[])?);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn writer_v4a<W: std::io::Write>(
        &self,
        signer: crate::v4a::ChunkSigner,
        inner: W,
    ) -> Result<ChunkedWriter<W>> {
        self.writer_with(Some(ChainSigner::Ecdsa(signer)), inner)
    }

    fn writer_with<W: std::io::Write>(
        &self,
        signer: Option<ChainSigner>,
        inner: W,
    ) -> Result<ChunkedWriter<W>> {
        Ok(ChunkedWriter {
            encoder: self.encoder_with(signer)?,
            buf: Vec::with_capacity(self.chunk_size().min(1 << 24)),
            inner,
        })
    }
}

/// Frames everything written to it into `inner`, one chunk each time the
/// chunk size is reached; [`ChunkedWriter::finish`] writes the last short
/// chunk, the final chunk and the trailers. The bytes are exactly those of
/// [`Chunked::encode`] over the same data.
///
/// `flush` flushes `inner` only: a chunk is never cut short (S3 refuses
/// short chunks but the last). Dropping the writer without `finish` leaves
/// the body unterminated. After an error from `inner` the body is broken.
///
/// ```
/// use std::io::Write;
/// use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
/// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha256)?;
/// let mut w = c.writer(None, Vec::new())?;
/// for _ in 0..10 {
///     w.write_all(&[7u8; 1000]).unwrap();
/// }
/// let body = w.finish(&[]).unwrap();
/// assert_eq!(body, c.encode(None, &[7u8; 10_000], &[])?);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct ChunkedWriter<W: std::io::Write> {
    encoder: ChunkEncoder,
    buf: Vec<u8>,
    inner: W,
}

fn emit<W: std::io::Write>(
    encoder: &mut ChunkEncoder,
    inner: &mut W,
    chunk: &[u8],
) -> std::io::Result<()> {
    let p = encoder.prefix(chunk);
    inner.write_all(p.as_bytes())?;
    inner.write_all(chunk)?;
    inner.write_all(CRLF)
}

impl<W: std::io::Write> ChunkedWriter<W> {
    /// Writes what is buffered as the last chunk, then the final chunk and
    /// the trailers (as [`ChunkEncoder::finish`]), and returns `inner`.
    ///
    /// ```
    /// use std::io::Write;
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let mut w = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.writer(None, Vec::new())?;
    /// w.write_all(b"hi").unwrap();
    /// assert_eq!(w.finish(&[]).unwrap(), b"2\r\nhi\r\n0\r\n\r\n");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish(mut self, trailers: &[(&str, &str)]) -> std::io::Result<W> {
        let to_io = |e: Error| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
        self.encoder
            .settings
            .check_trailers(trailers)
            .map_err(to_io)?;
        if !self.buf.is_empty() {
            emit(&mut self.encoder, &mut self.inner, &self.buf)?;
        }
        let mut tail = Vec::with_capacity(256);
        self.encoder.finish(trailers, &mut tail).map_err(to_io)?;
        self.inner.write_all(&tail)?;
        Ok(self.inner)
    }

    /// The writer the body goes to.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let w = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.writer(None, Vec::new())?;
    /// assert!(w.get_ref().is_empty());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get_ref(&self) -> &W {
        &self.inner
    }
}

impl<W: std::io::Write> std::io::Write for ChunkedWriter<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let size = self.encoder.settings.chunk_size();
        if self.buf.is_empty() && data.len() >= size {
            // A whole chunk straight from the caller's buffer.
            emit(&mut self.encoder, &mut self.inner, &data[..size])?;
            return Ok(size);
        }
        let n = (size - self.buf.len()).min(data.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == size {
            emit(&mut self.encoder, &mut self.inner, &self.buf)?;
            self.buf.clear();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
