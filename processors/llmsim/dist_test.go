package llmsim

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestParseDist(t *testing.T) {
	tests := []struct {
		in      string
		want    Dist
		wantErr bool
	}{
		{in: "min=1ms,median=300ms,p99=2s", want: Dist{Min: time.Millisecond, Median: 300 * time.Millisecond, P99: 2 * time.Second}},
		{in: " p99=2s , MEDIAN=300ms ", want: Dist{Median: 300 * time.Millisecond, P99: 2 * time.Second}},
		{in: "300ms", want: Dist{Median: 300 * time.Millisecond}},
		{in: "", want: Dist{}},
		{in: "none", want: Dist{}},
		{in: "0", want: Dist{}},
		{in: "min=0s,median=0s,p99=0s", want: Dist{}},
		{in: "median=1s,median=2s", wantErr: true},
		{in: "mean=1s", wantErr: true},
		{in: "median", wantErr: true},
		{in: "median=fast", wantErr: true},
		{in: "median=2s,p99=1s", wantErr: true},
		{in: "min=3s,median=2s", wantErr: true},
		{in: "-1s", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDist(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseDist(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("ParseDist(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDistStringRoundTrip(t *testing.T) {
	d := Dist{Min: time.Millisecond, Median: 300 * time.Millisecond, P99: 2 * time.Second}
	var got Dist
	if err := got.Set(d.String()); err != nil || got != d {
		t.Fatalf("Set(%q) = %+v, %v; want %+v", d.String(), got, err, d)
	}
}

func TestDistSample(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name           string
		d              Dist
		lo, hi         time.Duration // bounds on every draw
		medLo, medHi   time.Duration // bounds on the observed median
		p99Lo, p99High time.Duration // bounds on the observed p99
	}{
		{name: "zero", d: Dist{}, lo: 0, hi: 0},
		{name: "min only", d: Dist{Min: 5 * ms}, lo: 5 * ms, hi: 5 * ms},
		{name: "constant", d: Dist{Median: 7 * ms}, lo: 7 * ms, hi: 7 * ms},
		{
			name: "lognormal", d: Dist{Min: ms, Median: 2 * ms, P99: 10 * ms},
			lo: ms, hi: 100 * ms,
			medLo: 1800 * time.Microsecond, medHi: 2200 * time.Microsecond,
			p99Lo: 8 * ms, p99High: 12 * ms,
		},
		{
			name: "clamped at min", d: Dist{Min: 2 * ms, Median: 2 * ms, P99: 10 * ms},
			lo: 2 * ms, hi: 100 * ms,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			draws := make([]time.Duration, 20000)
			for i := range draws {
				draws[i] = tt.d.Sample(r)
				if draws[i] < tt.lo || draws[i] > tt.hi {
					t.Fatalf("draw %v outside [%v, %v]", draws[i], tt.lo, tt.hi)
				}
			}
			slices.Sort(draws)
			med, p99 := draws[len(draws)/2], draws[len(draws)*99/100]
			if tt.medHi > 0 && (med < tt.medLo || med > tt.medHi) {
				t.Errorf("median %v outside [%v, %v]", med, tt.medLo, tt.medHi)
			}
			if tt.p99High > 0 && (p99 < tt.p99Lo || p99 > tt.p99High) {
				t.Errorf("p99 %v outside [%v, %v]", p99, tt.p99Lo, tt.p99High)
			}
		})
	}
}
