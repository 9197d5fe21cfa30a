"""A bigram index for searching items by words in Chinese text.

Chinese has no spaces between words, so a search term is matched as a substring. A
trigram index (pg_trgm) cannot serve a term of one or two characters, and two characters
is the common length of a Chinese word (苹果, 扶贫, 搬迁). So each item also keeps, in
`Item.search_bigrams`, every pair of neighbouring characters of its title, outlet and
other authors, separated by spaces: "苹果产业" gives "苹果 果产 产业". PostgreSQL's "simple"
text-search configuration keeps each pair as one lexeme (CJK characters are letters to
its parser), so a GIN index on to_tsvector('simple', search_bigrams) finds the items
holding every pair of a term; the selector then confirms the term with icontains on the
real text, because holding 苹果 and 果园 does not mean holding 苹果园.

Only pairs of two letters or digits are kept: the parser drops punctuation and
symbols, so a pair like "a-" would not come back as the same lexeme. Text is lower-cased,
as the "simple" configuration does, so Latin words match whatever their case. Document
and term go through the same two steps (pairs here, the parser there), so every pair
of a term held by an item's text is found in the item's index entry.
"""

from itertools import pairwise

from django.db.models import Lookup

# The fields whose text search_bigrams holds (people linked as authors are matched
# through the user table: their names can change after the item was written).
SEARCHED_FIELDS = ("title", "outlet", "author_names")


def _kept(char: str) -> bool:
    return char.isalpha() or char.isdecimal()


def bigrams(*texts: str) -> list[str]:
    """The distinct letter-or-digit character pairs of `texts`, in order of appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        text = (text or "").lower()
        for first, second in pairwise(text):
            if _kept(first) and _kept(second):
                seen.setdefault(first + second, None)
    return list(seen)


def bigram_text(*texts: str) -> str:
    """What Item.search_bigrams holds for `texts`."""
    return " ".join(bigrams(*texts))


class HasBigrams(Lookup):
    """`search_bigrams__has_bigrams="苹果 果园"`: the row holds every pair given (PostgreSQL).

    The SQL is the expression of the GIN index (migration 0003), so the planner uses it.
    Should the parser find no lexeme at all in the pairs (symbols Python counts as
    letters), the query would match nothing; the row passes instead and the caller's
    icontains decides. For a term with lexemes PostgreSQL folds that first branch away
    at planning time, leaving the indexed condition alone.
    """

    lookup_name = "has_bigrams"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        query = f"plainto_tsquery('simple', {rhs})"
        sql = f"(numnode({query}) = 0 OR to_tsvector('simple', {lhs}) @@ {query})"
        return sql, [*rhs_params, *lhs_params, *rhs_params]
