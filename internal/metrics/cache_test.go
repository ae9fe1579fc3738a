package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestCacheLookupsAndStoreErrors(t *testing.T) {
	m := New(nil)
	m.Cache("route", "hit")
	m.Cache("route", "invalid")
	m.CacheError("route", "get")
	m.CacheError("route", "get")
	m.CacheError("extract", "set")
	for _, c := range []struct {
		got, want float64
		name      string
	}{
		{testutil.ToFloat64(m.cache.WithLabelValues("route", "hit")), 1, "hit"},
		{testutil.ToFloat64(m.cache.WithLabelValues("route", "invalid")), 1, "invalid"},
		{testutil.ToFloat64(m.cacheErrors.WithLabelValues("route", "get")), 2, "route get errors"},
		{testutil.ToFloat64(m.cacheErrors.WithLabelValues("extract", "set")), 1, "extract set errors"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
