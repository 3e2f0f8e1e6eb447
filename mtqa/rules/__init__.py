"""The rule registry: an explicit list of every rule, family by family (no discovery by introspection)."""

from __future__ import annotations

from mtqa.rules import (
    adequacy,
    agreement,
    bilingual,
    boilerplate,
    duplication,
    fluency,
    lexicon,
    quotes,
    repetition,
    reporting,
    spelling,
    typography,
)
from mtqa.rules.base import Example, Rule

ALL_RULES: tuple[Rule, ...] = (
    repetition.doubled_word,
    repetition.doubled_space,
    reporting.doubled_reporting_verb,
    agreement.plural_subject_singular_verb,
    spelling.mixed_spelling_variety,
    *lexicon.RULES,
    quotes.unbalanced_quote,
    quotes.french_guillemets,
    quotes.space_inside_quotes,
    quotes.scare_quotes,
    quotes.quote_punctuation_placement,
    quotes.inconsistent_requote,
    quotes.requote_in_other_words,
    duplication.repeated_paragraph,
    duplication.paraphrased_repeat,
    duplication.restated_headline,
    boilerplate.teaser_line,
    boilerplate.bracket_tag,
    boilerplate.navigation_line,
    boilerplate.lone_page_number,
    typography.space_before_punctuation,
    typography.decimal_comma,
    typography.space_thousands,
    typography.french_time,
    typography.french_currency,
    typography.french_ordinal,
    typography.space_before_percent,
    typography.french_date,
    typography.spaced_hyphen_compound,
    typography.invisible_character,
    bilingual.number_mismatch,
    bilingual.name_mismatch,
    bilingual.quotation_mismatch,
    bilingual.untranslated_text,
    bilingual.broken_compound,
    bilingual.omitted_sentence,
    bilingual.added_sentence,
    adequacy.meaning_mismatch,
    adequacy.low_estimated_quality,
    fluency.unlikely_wording,
)

__all__ = ["ALL_RULES", "Example", "Rule"]
