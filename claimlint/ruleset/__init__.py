"""Rule packs: YAML files of rules, lexicons, context modifiers and product knowledge."""
from claimlint.ruleset.loader import RuleError, load_ruleset
from claimlint.ruleset.model import CATEGORIES, SEVERITIES, Rule, RuleSet

__all__ = ["CATEGORIES", "SEVERITIES", "Rule", "RuleError", "RuleSet", "load_ruleset"]
