"""Building admin change-form POSTs the way a browser would send them."""

from articles.models import Article


def article_form_data(article=None, **changes):
    """A complete change-form POST for `article` (or a new story), bylines included."""
    data = {
        "headline": "",
        "slug": "",
        "kind": "news",
        "section": "",
        "deck": "",
        "body": "",
        "lead_photo": "",
        "dateline": "",
        "tags": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "interview_date": "",
        "interview_place": "",
        "interview_method": "",
        "interview_occasion": "",
        "interview_note": "",
        "expected_version": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "interviewees-TOTAL_FORMS": "0",
        "interviewees-INITIAL_FORMS": "0",
        "interviewees-MIN_NUM_FORMS": "0",
        "interviewees-MAX_NUM_FORMS": "1000",
    }
    if article is not None:
        article = Article.objects.get(pk=article.pk)
        data.update(
            headline=article.headline,
            slug=article.slug,
            kind=article.kind,
            section=str(article.section_id),
            deck=article.deck,
            body=article.body,
            lead_photo=str(article.lead_photo_id or ""),
            dateline=article.dateline,
            tags=", ".join(article.tags.names()),
            expected_version=str(article.version),
        )
        bylines = list(article.bylines.all())
        data["bylines-TOTAL_FORMS"] = data["bylines-INITIAL_FORMS"] = str(len(bylines))
        for index, byline in enumerate(bylines):
            data.update(
                {
                    f"bylines-{index}-id": str(byline.pk),
                    f"bylines-{index}-article": str(article.pk),
                    f"bylines-{index}-author": str(byline.author_id),
                    f"bylines-{index}-role": byline.role,
                    f"bylines-{index}-position": str(byline.position),
                }
            )
    data.update(changes)
    return data


def add_bylines(data, *rows, start=None):
    """Append new byline rows: (author, role, position)."""
    index = int(data["bylines-TOTAL_FORMS"]) if start is None else start
    for author, role, position in rows:
        data.update(
            {
                f"bylines-{index}-author": str(author.pk),
                f"bylines-{index}-role": role,
                f"bylines-{index}-position": str(position),
            }
        )
        index += 1
    data["bylines-TOTAL_FORMS"] = str(index)
    return data
