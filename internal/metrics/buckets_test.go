package metrics

import (
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
)

// TestLatencyBucketsResolveMilliseconds: the e2e histogram has at least six
// bounds from 1 to 10 ms, none more than 2.5 ms apart, so a p99 of 9 ms is
// not read off a 10 ms wide first bucket; and the registry exports them.
func TestLatencyBucketsResolveMilliseconds(t *testing.T) {
	var in []float64
	for _, b := range LatencyBuckets {
		if b >= .001 && b <= .010 {
			in = append(in, b)
		}
	}
	if len(in) < 6 || in[0] != .001 || in[len(in)-1] != .010 {
		t.Fatalf("bounds within 1-10 ms: %v; want at least six, from 1 ms to 10 ms", in)
	}
	for i := 1; i < len(in); i++ {
		if in[i]-in[i-1] > .0025+1e-9 {
			t.Errorf("bounds %g and %g are more than 2.5 ms apart", in[i-1], in[i])
		}
	}
	m := New(map[string]string{"in": "route"})
	m.Consumer().Finished(kafka.Message{Topic: "in"}, consumer.Published, "", 7*time.Millisecond, 0)
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "triage_e2e_latency_seconds" {
			continue
		}
		bs := mf.GetMetric()[0].GetHistogram().GetBucket()
		if len(bs) != len(LatencyBuckets) {
			t.Fatalf("exported %d buckets, want %d", len(bs), len(LatencyBuckets))
		}
		for i, b := range bs {
			want := uint64(0)
			if LatencyBuckets[i] >= .0075 {
				want = 1
			}
			if b.GetCumulativeCount() != want {
				t.Errorf("bucket le=%g holds %d, want %d (one 7 ms record)", b.GetUpperBound(), b.GetCumulativeCount(), want)
			}
		}
		return
	}
	t.Fatal("triage_e2e_latency_seconds not exported")
}
