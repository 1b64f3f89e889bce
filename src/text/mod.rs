//! Text model: decoding input bytes, tokenizing into spans, comparison keys, interning, and
//! mapping byte offsets to line and column.
//!
//! Every token keeps its byte span in the original text; whitespace is never a token but is
//! never lost either (it is the gap between two spans). The comparison key of a token
//! ([`normalize::Normalizer`]) is kept apart from the reading shown to users.

pub mod decode;
pub mod function_words;
pub mod hyphens;
pub mod intern;
pub mod keyhash;
pub mod lang;
pub mod lines;
pub mod normalize;
pub mod sentence;
pub mod tokenize;
pub mod tokens;

pub use decode::{Decoded, InputError, LineEndings, TextEncoding, decode, decode_owned};
pub use hyphens::join_hyphens;
pub use intern::{Interner, Keyed};
pub use lines::LineIndex;
pub use normalize::{NormalizeOptions, Normalizer, Regularization, Rule};
pub use tokenize::{Token, TokenKind, gap_shape, tokenize};
pub use tokens::Tokens;
