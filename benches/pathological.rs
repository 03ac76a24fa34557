//! Scaling of the parser on pathological inputs: each generator is parsed at size N and 10·N, and a
//! parser that is linear costs about 10× more at 10·N (the bar is 15×).
//!
//! Run with `cargo bench --bench pathological`; compare the two medians of each generator. Deep nesting
//! (`ONBUILD ONBUILD …`, `[[[…`, `${a:-${a:-…`) is bounded by the parser, so those inputs are linear too.

use divan::{black_box, Bencher};
use layerlint::syntax::dockerfile::parse;

fn main() {
    divan::main();
}

/// Define one benchmark per generator, run at the given sizes.
macro_rules! generators {
    ($($name:ident($n:ident) [$($size:expr),+] => $body:expr;)+) => {$(
        #[divan::bench(args = [$($size),+], sample_count = 10, sample_size = 1)]
        fn $name(bencher: Bencher, $n: usize) {
            let text: String = $body;
            bencher.counter(divan::counter::BytesCount::new(text.len())).bench(|| parse(black_box(&text)));
        }
    )+};
}

generators! {
    single_line(n) [100_000, 1_000_000] => format!("FROM x\nRUN {}\n", "a".repeat(n));
    single_line_words(n) [100_000, 1_000_000] => format!("FROM x\nRUN {}\n", "ab ".repeat(n / 3));
    continuation_lines(n) [10_000, 100_000] => format!("FROM x\nRUN a \\\n{}b\n", "  && echo x \\\n".repeat(n));
    empty_continuation_lines(n) [10_000, 100_000] => format!("FROM x\nRUN a \\\n{}b\n", "\n".repeat(n));
    comment_continuation_lines(n) [10_000, 100_000] => format!("FROM x\nRUN a \\\n{}b\n", "# c\n".repeat(n));
    heredoc_instructions(n) [1_000, 10_000] => format!("FROM x\n{}", "RUN <<EOF\necho hi\nEOF\n".repeat(n));
    heredocs_one_instruction(n) [1_000, 10_000] => {
        let openers: String = (0..n).map(|i| format!(" <<E{i} \\\n")).collect();
        let bodies: String = (0..n).map(|i| format!("body\nE{i}\n")).collect();
        format!("FROM x\nRUN cat \\\n{openers}\n{bodies}")
    };
    unterminated_heredoc(n) [10_000, 100_000] => format!("FROM x\nRUN <<EOF\n{}", "line\n".repeat(n));
    nul_bytes(n) [100_000, 1_000_000] => format!("FROM x\nRUN {}\n", "\0".repeat(n));
    nul_lines(n) [1_000, 10_000] => format!("FROM x\n{}", "\0\n".repeat(n));
    long_flag_value(n) [100_000, 1_000_000] => format!("FROM x\nRUN --mount=type=cache,target=/{} x\n", "a".repeat(n));
    many_list_flags(n) [1_000, 10_000] => format!("FROM x\nRUN {}true\n", "--mount=type=tmpfs,target=/t \\\n".repeat(n));
    many_duplicate_flags(n) [1_000, 10_000] => format!("FROM x\nRUN {}true\n", "--network=none \\\n".repeat(n));
    onbuild_chain(n) [100, 1_000] => format!("FROM x\n{}RUN x\n", "ONBUILD ".repeat(n));
    onbuild_chain_continued(n) [100, 1_000] => format!("FROM x\n{}RUN x\n", "ONBUILD \\\n".repeat(n));
    onbuild_lines(n) [1_000, 10_000] => format!("FROM x\n{}", "ONBUILD RUN x\n".repeat(n));
    unterminated_double_quote(n) [10_000, 100_000] => format!("FROM x\nRUN echo \"{}\n", "a \\\n".repeat(n));
    unterminated_single_quote_env(n) [10_000, 100_000] => format!("FROM x\nENV A='{}\n", "a \\\n".repeat(n));
    env_pairs(n) [1_000, 10_000] => format!("FROM x\nENV {}\n", "a=b \\\n".repeat(n));
    json_strings(n) [1_000, 10_000] => format!("FROM x\nCMD [{}\"a\"]\n", "\"a\", \\\n".repeat(n));
    json_long_string(n) [10_000, 100_000] => format!("FROM x\nCMD [\"{}\"]\n", "a".repeat(n));
    json_nesting(n) [500, 5_000] => format!("FROM x\nCMD {}\n", "[".repeat(n));
    heredoc_line_nested_variables(n) [500, 5_000] => format!("FROM x\nRUN <<EOF {}\nEOF\n", "${a:-".repeat(n));
    heredoc_line_quotes(n) [1_000, 10_000] => format!("FROM x\nRUN <<EOF {}\nEOF\n", "'a' \"b\" \\\n".repeat(n));
    comment_lines(n) [10_000, 100_000] => format!("{}FROM x\n", "# hello\n".repeat(n));
    blank_lines(n) [10_000, 100_000] => format!("FROM x\n{}RUN x\n", "\n".repeat(n));
    carriage_returns(n) [100_000, 1_000_000] => format!("FROM x\nRUN a{}b\n", "\r".repeat(n));
    unknown_keyword(n) [10_000, 100_000] => format!("FROM x\n{} a\n", "Z".repeat(n));
    instructions(n) [10_000, 100_000] => format!("FROM x\n{}", "RUN echo hi\n".repeat(n));
    instructions_before_from(n) [10_000, 100_000] => "RUN echo hi\n".repeat(n);
    directive_lines(n) [10_000, 100_000] => "# syntax=x\n".repeat(n);
}
