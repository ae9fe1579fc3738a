package bench

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxValueBytes is the largest value the generator makes: a size asked for
// above it (1048576 in a mix) is cut to it, so that one record with its key
// and batch overhead fits the broker's default message.max.bytes
// (1,048,588) and kafka-go's default BatchBytes.
const MaxValueBytes = 1_000_000

// Share is one size and its weight in a Sizes mix.
type Share struct {
	Bytes  int
	Weight float64
}

// Sizes is a mix of record value sizes: "1024" (every record about 1 KB)
// or "400:70,4096:25,1048576:5" (bytes:weight; weights need not sum to 100).
type Sizes []Share

// ParseSizes reads a size mix; sizes above MaxValueBytes are cut to it.
func ParseSizes(s string) (Sizes, error) {
	var out Sizes
	err := eachPair(s, func(a, b string) error {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			return fmt.Errorf("size %q is not a positive number of bytes", a)
		}
		w := 1.0
		if b != "" {
			if w, err = strconv.ParseFloat(b, 64); err != nil || w < 0 {
				return fmt.Errorf("weight %q is not a number >= 0", b)
			}
		}
		out = append(out, Share{Bytes: min(n, MaxValueBytes), Weight: w})
		return nil
	})
	if err == nil && out.total() == 0 {
		err = fmt.Errorf("no positive weight")
	}
	if err != nil {
		return nil, fmt.Errorf("bench: --size %q: %w (want BYTES or BYTES:WEIGHT,...)", s, err)
	}
	return out, nil
}

func (s Sizes) total() float64 {
	t := 0.0
	for _, x := range s {
		t += x.Weight
	}
	return t
}

// Pick returns the size whose share of the weights covers u in [0,1).
func (s Sizes) Pick(u float64) int {
	u *= s.total()
	for _, x := range s {
		if u < x.Weight {
			return x.Bytes
		}
		u -= x.Weight
	}
	return s[len(s)-1].Bytes
}

// Mean is the weighted mean size in bytes.
func (s Sizes) Mean() float64 {
	m := 0.0
	for _, x := range s {
		m += float64(x.Bytes) * x.Weight
	}
	return m / s.total()
}

// String is the mix in ParseSizes' form.
func (s Sizes) String() string {
	if len(s) == 1 {
		return fmt.Sprint(s[0].Bytes)
	}
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = fmt.Sprintf("%d:%g", x.Bytes, x.Weight)
	}
	return strings.Join(parts, ",")
}

// Mix is the share of tickets, e-mails and bad records (invalid JSON, not
// UTF-8, schema violations: the dead-letter path) among generated records.
type Mix struct{ Tickets, Emails, Bad float64 }

// ParseMix reads "tickets:emails:bad", e.g. "60:35:5" or "100:0:0".
func ParseMix(s string) (Mix, error) {
	f := strings.Split(s, ":")
	var v [3]float64
	err := error(nil)
	if len(f) != 3 {
		err = fmt.Errorf("want three numbers")
	}
	for i := 0; err == nil && i < 3; i++ {
		if v[i], err = strconv.ParseFloat(strings.TrimSpace(f[i]), 64); err != nil || v[i] < 0 {
			err = fmt.Errorf("%q is not a number >= 0", f[i])
		}
	}
	if err == nil && v[0]+v[1]+v[2] == 0 {
		err = fmt.Errorf("all shares are 0")
	}
	if err != nil {
		return Mix{}, fmt.Errorf("bench: --mix %q: %w (want tickets:emails:bad, e.g. 60:35:5)", s, err)
	}
	return Mix{v[0], v[1], v[2]}, nil
}

// Kind is what the mix makes of u in [0,1): "tickets", "emails" or "bad".
func (m Mix) Kind(u float64) string {
	u *= m.Tickets + m.Emails + m.Bad
	switch {
	case u < m.Tickets:
		return "tickets"
	case u < m.Tickets+m.Emails:
		return "emails"
	}
	return "bad"
}

// String is the mix in ParseMix's form.
func (m Mix) String() string { return fmt.Sprintf("%g:%g:%g", m.Tickets, m.Emails, m.Bad) }

// eachPair calls fn with each comma-separated "a:b" (b empty when absent).
func eachPair(s string, fn func(a, b string) error) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("empty")
	}
	for _, p := range strings.Split(s, ",") {
		a, b, _ := strings.Cut(strings.TrimSpace(p), ":")
		if err := fn(strings.TrimSpace(a), strings.TrimSpace(b)); err != nil {
			return err
		}
	}
	return nil
}
