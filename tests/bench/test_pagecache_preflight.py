"""make bench refuses a figure whose preflight does not show the state it claims to measure."""

import pytest
from django.test import override_settings

from bench import pagecache, run
from tests.factories import ArticleFactory

# serialized_rollback like every transactional test: a plain flush recreates the content
# types that the serialized tests then restore again (UNIQUE constraint failed).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_refuses_an_uncached_figure_unless_the_page_cache_says_bypass(live_server):
    ArticleFactory(published=True)
    port = live_server.thread.port
    suffix = pagecache.bypass_query()
    # Without the bench-only setting the parameter is ignored: the page comes from the cache.
    problem = run.preflight(port, ["/"], suffix, "bypass")
    assert problem and "X-Page-Cache: " in problem and "not bypass" in problem
    with override_settings(PAGE_CACHE_BENCH_BYPASS=True):
        assert run.preflight(port, ["/"], suffix, "bypass") is None


def test_it_refuses_a_cached_figure_unless_the_second_request_is_a_hit(live_server):
    ArticleFactory(published=True)
    assert run.preflight(live_server.thread.port, ["/"], "", "hit") is None
    problem = run.preflight(live_server.thread.port, ["/admin/login/"], "", "hit")
    assert problem and "not hit" in problem
