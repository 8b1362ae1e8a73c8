//! The stable diagnostic codes. Each code's doc comment is its documentation: `timon explain`
//! prints it. Codes are never reused or renumbered; E01xx syntax, E02xx names, E03xx types and
//! values, E04xx lowering.

macro_rules! declare_codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[doc = $doc])* $name, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The code as written in diagnostics: `E0304`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code),* }
            }

            /// The code's documentation (its doc comment).
            pub fn docs(self) -> &'static str {
                match self { $(Code::$name => concat!($($doc, "\n"),*)),* }
            }
        }
    };
}

declare_codes! {
    /// The source does not follow timon's grammar: a missing brace, a misplaced value, a
    /// statement in the wrong block. The message names what the parser expected at that point.
    SyntaxError = "E0100",
    /// A statement word that the enclosing block does not know, usually a typo
    /// (`replica 2` in a tier). The help line suggests the closest known statement.
    UnknownStatement = "E0101",
    /// A string opened with `"` is not closed on the same line.
    UnterminatedString = "E0102",

    /// `import std.X` names a module that the standard library does not have.
    UnknownModule = "E0200",
    /// A name that refers to nothing: a storage class, secret, middleware, config, pool,
    /// entry point or environment that no file of the project (nor an import) declares.
    UnknownName = "E0201",
    /// Two declarations of the same kind share one name; both places are shown.
    DuplicateName = "E0202",
    /// A reference to a key that the secret does not declare in its `keys` statement.
    UnknownSecretKey = "E0203",
    /// A route, probe or port reference names a port that no container of the tier declares.
    UnknownPort = "E0204",
    /// A `mount` names a volume that the tier does not declare.
    UnknownVolume = "E0205",
    /// A statement that may appear once in its block appears twice (two `image` lines).
    DuplicateStatement = "E0206",
    /// A name refers to a declaration of another kind than the place expects (a secret where a
    /// storage class is needed).
    WrongKindOfName = "E0207",
    /// `allow NAME "reason"` names no lint rule; `timon rules` lists them.
    UnknownLintRule = "E0208",
    /// A declaration marked `private` is used from another module. Use it only inside its
    /// module, or drop `private`.
    PrivateName = "E0209",
    /// Modules import each other in a circle (`a` imports `b`, which imports `a`). The message
    /// names the whole cycle; move what both need into a third module.
    ImportCycle = "E0210",
    /// A route uses a certificate resolver declared without a body (`resolver le`: configured
    /// outside timon) although the project declares its Traefik instance. timon then writes the
    /// instance's whole static configuration, and Traefik reads its static configuration from
    /// one source only, so the resolver would not exist: give it a body, or use one that has.
    UnconfiguredResolver = "E0211",

    /// A value of the wrong type: a number where a string is expected, a list where one value
    /// is expected, a reference where a literal is expected.
    TypeMismatch = "E0300",
    /// A quantity that Kubernetes would not accept, or that is not a CPU/memory/storage amount:
    /// unknown suffix (`1GB`, `1K`), more than three decimals, zero or negative amounts.
    BadQuantity = "E0301",
    /// A memory or storage amount written in millis (`memory 500m`): that is half a byte, not
    /// 500 MiB. Write `500Mi` (mebibytes) or `500M` (megabytes).
    MemoryInMillis = "E0302",
    /// A request above its limit (`cpu 2..1`). Kubernetes rejects the pod: requests must be
    /// less than or equal to limits.
    RequestAboveLimit = "E0303",
    /// A port number outside 1–65535.
    PortOutOfRange = "E0304",
    /// A container port name that is not an IANA service name: at most 15 characters of
    /// `a-z`, `0-9` and `-`, at least one letter, no leading, trailing or double `-`.
    BadPortName = "E0305",
    /// A name that Kubernetes rejects: object names are DNS-1123 labels or subdomains
    /// (lowercase letters, digits, `-`, at most 63 characters, starting and ending with a letter
    /// or digit); Service names must also start with a letter (DNS-1035).
    BadName = "E0306",
    /// A host name that is not a valid DNS name (routes match on it).
    BadHostName = "E0307",
    /// An IP address or CIDR block that does not parse, or a CIDR whose address has host bits.
    BadAddress = "E0308",
    /// An RKE Kubernetes version not of the form `v1.19.16-rancher1-1`.
    BadKubernetesVersion = "E0309",
    /// A secret given a literal value. timon never stores secret values in sources or output:
    /// declare the keys and where the values come from (`source external`, `env`, `file`).
    SecretLiteral = "E0310",
    /// A word that is not one of the choices the statement accepts (`pull sometimes`).
    UnknownChoice = "E0311",
    /// A required statement is missing (a container without `image`, a node without
    /// `address`).
    MissingStatement = "E0312",
    /// A duration that does not parse: a whole number followed by `s`, `m` or `h` (`30s`).
    BadDuration = "E0313",
    /// Two ports of one pod share a name, or one container declares the same port twice; the
    /// tier's Service could not name them apart.
    DuplicatePort = "E0314",
    /// A label key or value that Kubernetes rejects.
    BadLabel = "E0315",
    /// A path that must be absolute (mount paths, route paths, HTTP probe paths) is not.
    BadPath = "E0316",
    /// Two statements that cannot go together (a storage class with both `provisioner` and
    /// `ceph-block`, a route with TLS from both a resolver and a secret).
    ConflictingStatements = "E0317",
    /// A count out of its range (`replicas -1`, a pool of 0 replicas).
    BadCount = "E0318",
    /// An interpolation `${…}` that names nothing, or names something without a string form.
    BadInterpolation = "E0319",
    /// A Traefik version that is not `MAJOR.MINOR` or `vMAJOR.MINOR.PATCH`.
    BadTraefikVersion = "E0320",
    /// An RKE cluster whose settings contradict each other (cluster DNS outside the service
    /// CIDR, no etcd node, overlapping pod and service CIDRs).
    InconsistentCluster = "E0321",
    /// A route that asks for TLS with no TLS entry point, or for an HTTPS redirect with no plain
    /// HTTP entry point.
    RouteEntrypointMismatch = "E0322",
    /// A container image reference that does not parse.
    BadImage = "E0323",
    /// A tier with no container, or an app with no tier.
    EmptyBlock = "E0324",
    /// `allow RULE ""`: an allowance must say why the finding is acceptable.
    MissingReason = "E0325",
    /// The declared Traefik instance cannot work as written: two entry points on one port (the
    /// second cannot listen), an HTTP challenge on a TLS entry point (the CA fetches the token
    /// over plain HTTP), or routes and middlewares without the `kubernetes-crd` provider (the
    /// only one that reads the `IngressRoute` and `Middleware` objects timon writes).
    InconsistentTraefik = "E0326",
    /// A setting of the Traefik instance that Traefik or the ACME CA would refuse: an email that
    /// is not an address, a CA server that is not an `https://` URL, an empty storage path or
    /// DNS provider, a `file` provider without its folder.
    BadTraefikSetting = "E0327",

    /// A template call names no template: not declared in this module, or not exported by the
    /// imported module named before the dot. The help line suggests the closest name.
    UnknownTemplate = "E0600",
    /// A template makes another kind of declaration than the place of the call (a `container`
    /// template used for a tier).
    WrongTemplateKind = "E0601",
    /// A call's arguments do not fit the template's parameters: an unknown parameter name, a
    /// parameter given twice, or more positional arguments than parameters.
    BadArgument = "E0602",
    /// A template parameter without a default is not given in the call.
    MissingArgument = "E0603",
    /// An argument (or a parameter's default) does not have the parameter's type: a CPU
    /// quantity where memory is expected, a secret where a storage class is expected, …
    ArgumentType = "E0604",
    /// A parameter is declared with a type timon does not know, or twice in one template.
    BadParameter = "E0605",
    /// A template instantiates itself, directly or through other templates. The message names
    /// the chain of calls.
    RecursiveTemplate = "E0606",
    /// An environment's `override` names something that does not exist: an unknown app, tier,
    /// container, volume, route or declaration. An environment can only change what the
    /// project declares.
    UnknownOverrideTarget = "E0607",
    /// Templates make more instances than timon expands (templates that each call others
    /// several times multiply): the limit keeps a mistake from taking all memory.
    TooManyInstances = "E0608",

    /// The project has apps but no `environment` to give them a namespace, or `--env` names an
    /// environment the project does not declare.
    NoEnvironment = "E0400",
    /// A secret's values could not be read from its source (a missing environment variable or
    /// file) when `--include-secrets` asked for them.
    SecretSourceUnreadable = "E0401",
    /// A file named by the source (`config … file … from "…"`) cannot be read, or lies
    /// outside the project.
    FileUnreadable = "E0402",

    /// A YAML file that does not parse (bad indentation, an unclosed quote or bracket, a tab
    /// used for indentation).
    YamlSyntax = "E0500",
    /// A YAML mapping gives the same key twice. YAML parsers disagree on which one wins, and
    /// `kubectl` rejects some of them: keep one.
    DuplicateKey = "E0501",
    /// A Kubernetes, Traefik, Rook or RKE object that its schema rejects: an unknown field
    /// (usually a typo), a value of the wrong type, a missing required field, or a malformed
    /// quantity.
    SchemaViolation = "E0502",
    /// A YAML document whose kind timon has no schema for: it is reported as not validated,
    /// never as an error.
    NotValidated = "E0503",
    /// A YAML document that is not a Kubernetes object: no `apiVersion` or `kind`, or not a
    /// mapping.
    NotAnObject = "E0504",
}
