//! The response size limit: a body is read whole, but never more of it than
//! the client accepts. A larger announced body is refused before reading; an
//! unannounced (chunked) one is cut off as soon as it passes the limit, so a
//! broken or hostile server cannot make the client buffer without end.

use bytes::{Bytes, BytesMut};
use reqwest::Response;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// More than the limit, announced or streamed.
    TooLarge,
    /// The connection failed while the body was read.
    Read(reqwest::Error),
}

/// Reads all of `response`'s body, refusing more than `limit` bytes.
pub(crate) async fn read_limited(mut response: Response, limit: usize) -> Result<Bytes, BodyError> {
    match response.content_length() {
        Some(announced) if announced > limit as u64 => Err(BodyError::TooLarge),
        // Announced and within the limit: one read into an exact buffer
        // (hyper refuses a body longer than its Content-Length).
        Some(_) => response.bytes().await.map_err(BodyError::Read),
        None => {
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
                if body.len() + chunk.len() > limit {
                    return Err(BodyError::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(body.freeze())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body of chunks whose total size is not announced, as with chunked encoding.
    struct Chunks(VecDeque<Bytes>);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.0.pop_front().map(|c| Ok(Frame::data(c))))
        }
    }

    fn announced(len: usize) -> Response {
        Response::from(http::Response::new(reqwest::Body::from(vec![b'x'; len])))
    }

    fn chunked(sizes: &[usize]) -> Response {
        let chunks = sizes.iter().map(|n| Bytes::from(vec![b'x'; *n])).collect();
        Response::from(http::Response::new(reqwest::Body::wrap(Chunks(chunks))))
    }

    #[tokio::test]
    async fn an_announced_body_within_the_limit_is_read_whole() {
        assert_eq!(announced(10).content_length(), Some(10));
        assert_eq!(read_limited(announced(10), 10).await.unwrap().len(), 10);
    }

    #[tokio::test]
    async fn an_announced_body_over_the_limit_is_refused_unread() {
        assert!(matches!(
            read_limited(announced(11), 10).await,
            Err(BodyError::TooLarge)
        ));
    }

    #[tokio::test]
    async fn a_chunked_body_is_read_up_to_the_limit() {
        let response = chunked(&[4, 4, 2]);
        assert_eq!(response.content_length(), None);
        assert_eq!(read_limited(response, 10).await.unwrap().len(), 10);
    }

    #[tokio::test]
    async fn a_chunked_body_is_cut_off_at_the_chunk_that_passes_the_limit() {
        let result = read_limited(chunked(&[4, 4, 4, 1_000_000]), 10).await;
        assert!(matches!(result, Err(BodyError::TooLarge)));
    }
}
