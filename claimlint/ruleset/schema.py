"""JSON Schemas for every kind of file in a rule pack.

A file's kind is told by its top-level key: `id` (a rule), `lexicon`,
`modifiers`, `products`, `categories` or `citations`. Schemas reject unknown
keys so that a misspelt key is an error, not a silently ignored setting.
"""
from __future__ import annotations

from claimlint.judge.contexts import MODIFIER_CATEGORIES, NAMES as CONTEXT_NAMES

CATEGORY_IDS = [
    "cure", "proof", "guarantee", "safety", "unsourced-stat", "vague-source",
    "speed", "superlative", "regulatory", "testimonial", "efficacy", "disparage-treatment",
]
CONTEXTS = list(CONTEXT_NAMES)  # from the one table of contexts
ACTIONS = ["suppress", "downgrade", "keep"]

_text = {"type": "string", "minLength": 1}
_texts = {"type": "array", "items": _text}
# A rewording may be empty: it means "delete the flagged words".
_rewordings = {"type": "array", "items": {"type": "string"}}
_pattern_list = {
    "type": "array",
    "items": {
        "oneOf": [
            _text,
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["pattern"],
                "properties": {"pattern": _text, "suggestions": _rewordings, "within": {"type": "integer", "minimum": 1, "maximum": 40}},
            },
        ]
    },
}
_policy = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        ctx: {
            "oneOf": [
                {"enum": ACTIONS},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["action"],
                    "properties": {"action": {"enum": ACTIONS}, "keep_if_grade": _texts},
                },
            ]
        }
        for ctx in CONTEXTS
    },
}

RULE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "code", "category", "message", "why", "match", "examples"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
        "code": {"type": "string", "pattern": "^[A-Z]{2,4}[0-9]{3}$"},
        "category": {"enum": CATEGORY_IDS},
        "severity": {"enum": ["error", "warning", "info"]},
        "enabled": {"type": "boolean"},
        "message": _text,
        "description": _text,
        "why": _text,
        "references": _texts,
        "suggestions": _rewordings,
        "fix": {"enum": ["safe", "unsafe", "none"]},
        "match": {
            "type": "object",
            "additionalProperties": False,
            "anyOf": [{"required": ["patterns"]}, {"required": ["regex"]}],
            "properties": {
                "patterns": {**_pattern_list, "minItems": 1},
                "regex": {"type": "array", "items": _text, "minItems": 1},
                "requires": _pattern_list,
                "unless": _pattern_list,
                "unless_sentence": _pattern_list,
                "unless_lead_in": _pattern_list,
                "blocks": {"type": "array", "minItems": 1, "uniqueItems": True,
                           "items": {"enum": ["paragraph", "heading", "title", "list_item", "table_cell",
                                              "field", "quote", "footnote", "caption"]}},
                "check": {"enum": ["approved-use"]},
            },
        },
        "context": _policy,
        "examples": {
            "type": "object",
            "additionalProperties": False,
            "required": ["flag", "pass"],
            "properties": {
                "flag": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "oneOf": [
                            _text,
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["text"],
                                "properties": {"text": _text, "span": _text, "suggestion": _text, "fixed": _text},
                            },
                        ]
                    },
                },
                "pass": {"type": "array", "minItems": 1, "items": _text},
            },
        },
    },
}

LEXICON = {
    "type": "object",
    "additionalProperties": False,
    "required": ["lexicon"],
    "anyOf": [{"required": ["terms"]}, {"required": ["groups"]}],
    "properties": {
        "lexicon": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
        "description": _text,
        "inflect": {"enum": ["last", "first", "all", "none"]},
        "attribute": {"type": "string", "pattern": "^[a-z_]+$"},
        "terms": _texts,
        "groups": {"type": "object", "additionalProperties": _texts},
    },
}

MODIFIERS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["modifiers"],
    "properties": {
        "description": _text,
        "modifiers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["category", "direction", "patterns"],
                "properties": {
                    "category": {"enum": list(MODIFIER_CATEGORIES)},
                    "direction": {"enum": ["forward", "backward", "both", "pseudo", "terminate"]},
                    "max_scope": {"type": "integer", "minimum": 1, "maximum": 60},
                    "terminated_by": _texts,
                    "patterns": {**_texts, "minItems": 1},
                    "note": _text,
                },
            },
        },
    },
}

PRODUCTS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["products"],
    "properties": {
        "description": _text,
        "products": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "aliases", "approved_uses"],
                "properties": {
                    "name": _text,
                    "aliases": {**_texts, "minItems": 1},
                    "approved_uses": _texts,
                    "pathway": {"enum": ["approval", "clearance"]},
                    "note": _text,
                    "source": _text,
                },
            },
        },
    },
}

CATEGORIES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["categories"],
    "properties": {
        "description": _text,
        "categories": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                cat: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title", "severity"],
                    "properties": {"title": _text, "severity": {"enum": ["error", "warning", "info"]}, "context": _policy},
                }
                for cat in CATEGORY_IDS
            },
        },
    },
}

CITATIONS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["citations"],
    "properties": {
        "description": _text,
        "citations": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "regex"],
                "properties": {"name": _text, "regex": _text, "examples": _texts,
                               "satisfies": {"type": "array", "items": {"enum": CATEGORY_IDS}, "minItems": 1},
                               "unless": _text},
            },
        },
    },
}

# The word lists of `strength.words`, each read by claimlint/strength.py.
STRENGTH_WORDS = ("scope_ends", "reporting", "study_nouns", "determiners", "study_subjects", "predictors",
                  "to_finding", "causative", "recommend", "clause_breaks", "concessives", "clause_ends")
_token = {"type": "string", "pattern": "^[^\\sA-Z]+$"}  # one token, lower case (a token's norm)

STRENGTH = {
    "type": "object",
    "additionalProperties": False,
    "required": ["strength"],
    "properties": {
        "strength": {
            "type": "object",
            "additionalProperties": False,
            "required": ["causal", "correlational"],
            "properties": {
                "description": _text,
                "causal": {**_texts, "minItems": 1},
                "correlational": {**_texts, "minItems": 1},
                "conditional_only": _texts,
                "weak_causal": _texts,
                "association": _texts,
                "not_causal": _texts,
                "not_claim": _texts,
                "study": _texts,
                "not_hedges": _texts,
                "hedges": _texts,
                "not_correlational": _texts,
                # Closed word lists the analyser reads (claimlint/strength.py): one lower-case token each.
                "words": {"type": "object", "additionalProperties": False,
                          "properties": {k: {"type": "array", "items": _token} for k in STRENGTH_WORDS}},
                # Made-up sentences with the strength each must get (`claimlint rules test`).
                "examples": {"type": "object", "additionalProperties": False,
                             "properties": {k: _texts for k in ("causal", "conditional", "correlational", "none")}},
            },
        }
    },
}

KINDS = {"id": ("rule", RULE), "lexicon": ("lexicon", LEXICON), "modifiers": ("modifiers", MODIFIERS),
         "products": ("products", PRODUCTS), "categories": ("categories", CATEGORIES),
         "citations": ("citations", CITATIONS), "strength": ("strength", STRENGTH)}
