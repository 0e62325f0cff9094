//! The rules whose logic lives in Rust (the engine's own findings: syntax, dynamic code, the
//! environment analysis), as an enum tied to their TOML entries. Self-contained: the build script
//! compiles this file too and fails the build when a variant has no entry in `rules/` or an entry
//! without matchers has no variant.

use crate::levels::Category;

macro_rules! engine_rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal $category:ident,)*) => {
        /// A rule the engine reports itself (it has no matcher in its pack).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EngineRule {
            $($(#[$doc])* $variant,)*
        }

        impl EngineRule {
            /// Every engine rule, in declaration order.
            pub const ALL: &'static [EngineRule] = &[$(EngineRule::$variant,)*];

            /// The rule's id in its pack.
            pub const fn id(self) -> &'static str {
                match self {
                    $(EngineRule::$variant => $id,)*
                }
            }

            /// The category its pack gives it (the build checks they agree).
            pub const fn category(self) -> Category {
                match self {
                    $(EngineRule::$variant => Category::$category,)*
                }
            }

            /// The engine rule with this id.
            pub fn from_id(id: &str) -> Option<EngineRule> {
                match id {
                    $($id => Some(EngineRule::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

engine_rules! {
    /// Code the parser could not read (core).
    SyntaxError = "syntax-error" Syntax,
    /// Code nested too deep, or past a budget, was not analysed (core).
    AnalysisTruncated = "analysis-truncated" Syntax,
    /// A file that exists but cannot be read (core).
    UnreadableFile = "unreadable-file" Syntax,
    /// A binary file skipped (core).
    BinaryFile = "binary-file" Syntax,
    /// A file over the size limit skipped (core).
    FileTooLarge = "file-too-large" Syntax,
    /// Invalid UTF-8 read as `?` (core).
    InvalidUtf8 = "invalid-utf8" Syntax,
    /// A file named on the command line that preflight does not read (core).
    UnsupportedFile = "unsupported-file" Syntax,
    /// A suppression that suppresses nothing (core).
    UnusedIgnore = "unused-ignore" Syntax,
    /// A computed command word (dynamic).
    DynamicCommand = "dynamic-command" Dynamic,
    /// `eval` of code known only at run time (dynamic).
    DynamicEval = "dynamic-eval" Dynamic,
    /// A shell or interpreter fed code known only at run time (dynamic).
    DynamicShellInput = "dynamic-shell-input" Dynamic,
    /// An unknown program given a destructive command line (dynamic).
    DynamicWrapper = "dynamic-wrapper" Dynamic,
    /// A destructive command given arguments read at run time (`… | xargs rm -rf`) (dynamic).
    DynamicArguments = "dynamic-arguments" Dynamic,
    /// A GraphQL request whose document is not in it (dynamic).
    DynamicGraphql = "dynamic-graphql" Dynamic,
    /// A command, tool call or API action whose words say it destroys data, where no specific
    /// rule matched (the verb lexicon) (destructive).
    DestructiveVerb = "destructive-verb" Destructive,
    /// A target taken from ambient state (environment).
    EnvAmbientTarget = "env-ambient-target" Environment,
    /// An opaque ID nothing looked up (environment).
    EnvUnverifiedId = "env-unverified-id" Environment,
    /// A plan about one environment touching another (environment).
    EnvMismatch = "env-mismatch" Environment,
    /// A variable that may be empty in a destructive target (environment).
    EnvUnsetVariable = "env-unset-variable" Environment,
    /// A check that cannot stop the operation (environment).
    EnvMaskedCheck = "env-masked-check" Environment,
}
