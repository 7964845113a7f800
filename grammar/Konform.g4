// The konform rule language.
//
// A rule file holds an optional pack header, `let` definitions and `rule` blocks. Expressions
// mix XPath-like paths into XML documents with literals, sets, operators, quantifiers and
// function calls. The grammar only describes syntax: names, types, arity and the meaning of
// operators are checked by the compiler (src/check), which also rejects chained comparisons.
//
// Operator precedence, from loosest to tightest binding (ANTLR gives earlier alternatives of
// a left-recursive rule higher precedence, so `expr` below lists them tightest first):
//   every/some ... satisfies       (body extends as far as possible)
//   or                             (left-associative)
//   and                            (left-associative)
//   not                            (prefix)
//   = != < <= > >= in matches      (non-associative: `a = b = c` is an error)
//   + -                            (left-associative)
//   * /                            (left-associative)
//   - (negation)                   (prefix)
//   primaries and paths
grammar Konform;

ruleFile
    : packDecl? (letDecl | ruleDecl | profileDecl)* EOF
    ;

// Entry point for `{...}` interpolations inside message and hint strings, and for tests.
standaloneExpr
    : expr EOF
    ;

packDecl
    : 'pack' name=word '{' packField* '}'
    ;

packField
    : 'title' lang=word? text=str        # PackTitle
    | 'version' text=str                 # PackVersion
    | 'area' value=word                  # PackArea
    ;

letDecl
    : 'let' name=NAME '=' value=expr
    ;

ruleDecl
    : 'rule' id=word title=str? '{' ruleField* '}'
    ;

ruleField
    : 'title' lang=word text=str                  # TitleField
    | 'severity' level=word                       # SeverityField
    | 'area' value=word                           # AreaField
    | 'source' text=str                           # SourceField
    | 'when' cond=expr                            # WhenField
    | 'for' 'each' var=VARIABLE 'in' range=expr   # ForEachField
    | 'require' cond=expr                         # RequireField
    | 'at' target=expr                            # AtField
    | 'message' lang=word? text=str               # MessageField
    | 'hint' lang=word? text=str                  # HintField
    | 'non-waivable'                              # NonWaivableField
    | 'effective-from' date=DATE                  # EffectiveFromField
    | 'effective-until' date=DATE                 # EffectiveUntilField
    ;

// A stage profile: which packs and rules are active, and severity overrides.
profileDecl
    : 'profile' name=word '{' profileField* '}'
    ;

profileField
    : 'title' lang=word? text=str                          # ProfileTitle
    | 'packs' items+=word (',' items+=word)*               # ProfilePacks
    | 'rules' items+=word (',' items+=word)*               # ProfileRules
    | 'exclude' items+=word (',' items+=word)*             # ProfileExclude
    | 'severity' target=word level=word                    # ProfileSeverity
    ;

expr
    : primary                                                           # PrimaryExpr
    | op='-' operand=expr                                               # Negation
    | lhs=expr op=('*' | '/') rhs=expr                                  # Multiplicative
    | lhs=expr op=('+' | '-') rhs=expr                                  # Additive
    | lhs=expr op=('=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'matches') rhs=expr # Comparison
    | 'not' operand=expr                                                # Not
    | lhs=expr op='and' rhs=expr                                        # And
    | lhs=expr op='or' rhs=expr                                         # Or
    | quantifier=('every' | 'some') var=VARIABLE 'in' range=expr 'satisfies' body=expr # Quantified
    ;

primary
    : NUMBER                                          # NumberLiteral
    | str                                             # StringLiteral
    | DATE                                            # DateLiteral
    | value=('true' | 'false')                        # BooleanLiteral
    | '{' (items+=expr (',' items+=expr)*)? '}'       # SetLiteral
    | fn=NAME '(' (args+=expr (',' args+=expr)*)? ')' # Call
    | path                                            # PathPrimary
    | name=NAME                                       # NameRef
    | '(' inner=expr ')'                              # Parenthesized
    ;

// Paths. `/` separates steps; `//` before a step searches all descendants. A path starts at
// the root, at a `$variable` (a rule variable, or a `let` used as one), or at the context node.
path
    : lead=('/' | '//') (step pathTail*)?   # AbsolutePath
    | var=VARIABLE pathTail*                # VariablePath
    | head=relativeHead pathTail*           # RelativePath
    ;

pathTail
    : sep=('/' | '//') step
    ;

// A path relative to the context node must start unambiguously: a bare name would be a
// `let` reference, so child steps are written `./name`.
relativeHead
    : '@' name=word         # RelativeAttribute
    | '@' '*'               # RelativeAnyAttribute
    | '.' predicate*        # RelativeSelf
    | '..'                  # RelativeParent
    ;

step
    : '@' name=word               # AttributeStep
    | '@' '*'                     # AnyAttributeStep
    | fn=word '(' ')'             # NodeTestStep
    | name=word predicate*        # ChildStep
    | '*' predicate*              # AnyChildStep
    | '.'                         # SelfStep
    | '..'                        # ParentStep
    ;

predicate
    : '[' cond=expr ']'
    ;

// Adjacent string literals are concatenated, so long messages can span lines.
str
    : STRING+
    ;

// Keywords are reserved in expressions (a `let` name or function cannot be `not`), but as
// element, attribute, rule or language names they are ordinary words.
word
    : NAME
    | 'pack' | 'title' | 'version' | 'area' | 'let' | 'rule' | 'severity' | 'source'
    | 'when' | 'for' | 'each' | 'in' | 'require' | 'at' | 'message' | 'hint'
    | 'non-waivable' | 'effective-from' | 'effective-until'
    | 'profile' | 'packs' | 'rules' | 'exclude'
    | 'and' | 'or' | 'not' | 'matches' | 'every' | 'some' | 'satisfies'
    ;

DATE
    : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT
    ;

NUMBER
    : DIGIT+ ('.' DIGIT+)?
    ;

STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    ;

VARIABLE
    : '$' NAME_START NAME_PART*
    ;

NAME
    : NAME_START NAME_PART*
    ;

COMMENT
    : '#' ~[\r\n]* -> skip
    ;

WHITESPACE
    : [ \t\r\n\u00A0\uFEFF]+ -> skip
    ;

// Anything else becomes a token the parser cannot use, so it is reported with its position.
UNKNOWN_CHAR
    : .
    ;

fragment DIGIT
    : [0-9]
    ;

fragment NAME_START
    : [a-zA-Z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]
    ;

fragment NAME_PART
    : NAME_START
    | [0-9\-.\u00B7\u0300-\u036F\u203F-\u2040]
    ;
