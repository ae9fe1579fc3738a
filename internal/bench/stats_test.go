package bench

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond, 0: time.Millisecond} {
		if got := Percentile(ds, q); got != want {
			t.Errorf("Percentile(%v) = %s, want %s", q, got, want)
		}
	}
	if ds[0] != 100*time.Millisecond {
		t.Error("Percentile sorted its argument in place")
	}
	if Percentile(nil, 0.5) != 0 {
		t.Error("empty: want 0")
	}
	if got := Percentile([]time.Duration{7}, 0.99); got != 7 {
		t.Errorf("one sample: %s", got)
	}
}

func TestBound(t *testing.T) {
	if got := Bound(64, 200*time.Millisecond, 0); got != 320 {
		t.Errorf("C/L: got %v, want 320", got)
	}
	if got := Bound(256, 200*time.Millisecond, 6000); got != 100 {
		t.Errorf("RPM-bound: got %v, want 100", got)
	}
	if got := Bound(64, 200*time.Millisecond, 60000); got != 320 {
		t.Errorf("RPM above C/L: got %v, want 320", got)
	}
}

func TestReadUsageGrows(t *testing.T) {
	u0 := ReadUsage()
	if u0.MaxRSS <= 0 {
		t.Fatalf("MaxRSS = %d", u0.MaxRSS)
	}
	x := 0
	for u := ReadUsage(); u.CPU == u0.CPU; u = ReadUsage() {
		x++ // burn CPU until the kernel counts it
	}
	_ = x
}
