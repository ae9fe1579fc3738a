package calib

import (
	"math"
	"sort"
)

// Sample is one labelled decision: the engine's raw confidence and whether
// the decision was right.
type Sample struct {
	Conf    float64
	Correct bool
}

// Prior is the weight, in decisions, of the base rate each block of the
// fit is shrunk towards: a block of 2 decisions both right is not taken
// to be certain.
const Prior = 4 // FitTable's Method names it

// Fit fits a calibration map to samples by isotonic regression (pool
// adjacent violators over the samples sorted by confidence), each block's
// accuracy then shrunk towards the overall accuracy by Prior decisions and
// kept monotone. The result is monotone and within 0..1; with no samples
// it is nil. Samples with a NaN confidence, and abstentions (confidence 0
// or below, which Apply keeps at 0), are ignored.
func Fit(samples []Sample) (x, y []float64) {
	type block struct{ sumX, right, n float64 }
	var s []Sample
	for _, v := range samples {
		if !math.IsNaN(v.Conf) && v.Conf > 0 {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return nil, nil
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].Conf < s[j].Conf })
	var bs []block
	total := 0.0
	for i := 0; i < len(s); {
		// Equal confidences form one block: the map is a function of it.
		b, c := block{}, s[i].Conf
		for ; i < len(s) && s[i].Conf == c; i++ {
			b.sumX += c
			b.n++
			if s[i].Correct {
				b.right++
			}
		}
		total += b.right
		bs = append(bs, b)
		for len(bs) > 1 && bs[len(bs)-2].right/bs[len(bs)-2].n >= bs[len(bs)-1].right/bs[len(bs)-1].n {
			p, q := bs[len(bs)-2], bs[len(bs)-1]
			bs = append(bs[:len(bs)-2], block{p.sumX + q.sumX, p.right + q.right, p.n + q.n})
		}
	}
	base := (total + 1) / float64(len(s)+2) // never 0 or 1 itself
	for _, b := range bs {
		v := (b.right + Prior*base) / (b.n + Prior)
		if len(y) > 0 {
			v = max(v, y[len(y)-1])
		}
		x, y = append(x, b.sumX/b.n), append(y, v)
	}
	return x, y
}

// Bin is one row of a reliability table: the decisions whose confidence
// falls in [Lo, Hi), their mean confidence and the share right.
type Bin struct {
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	Count    int     `json:"count"`
	MeanConf float64 `json:"mean_conf"`
	Accuracy float64 `json:"accuracy"`
}

// Reliability sorts samples into bins equal-width bins over 0..1 (a
// confidence of 1 goes to the last) and returns them with the expected
// calibration error: the count-weighted mean gap between mean confidence
// and accuracy. Empty bins are kept with Count 0.
func Reliability(samples []Sample, bins int) ([]Bin, float64) {
	out := make([]Bin, bins)
	right := make([]int, bins)
	for i := range out {
		out[i].Lo, out[i].Hi = float64(i)/float64(bins), float64(i+1)/float64(bins)
	}
	n := 0
	for _, s := range samples {
		if math.IsNaN(s.Conf) {
			continue
		}
		i := min(max(int(s.Conf*float64(bins)), 0), bins-1)
		out[i].Count++
		out[i].MeanConf += s.Conf
		if s.Correct {
			right[i]++
		}
		n++
	}
	ece := 0.0
	for i := range out {
		if c := out[i].Count; c > 0 {
			out[i].MeanConf /= float64(c)
			out[i].Accuracy = float64(right[i]) / float64(c)
			ece += float64(c) / float64(n) * math.Abs(out[i].Accuracy-out[i].MeanConf)
		}
	}
	return out, ece
}

// FitTable fits a Table for engine and task to samples read from the
// labelled files data; nil when no sample has a confidence. Knots and
// values keep 4 decimals, so a refit on the same data writes the same
// bytes on every platform; knots that fall on one rounded confidence
// (a model's probabilities of 0.99991 and 0.99998) become one, with the
// value of the highest.
func FitTable(engine, task string, data []string, samples []Sample) *Table {
	x, y := Fit(samples)
	if len(x) == 0 {
		return nil
	}
	x, y = mergeKnots(round4(x), round4(y))
	return &Table{Engine: engine, Task: task, Method: "isotonic, shrunk to the base rate by 4 decisions",
		Data: data, N: len(samples), X: x, Y: y}
}

// mergeKnots keeps one knot per x (x is non-decreasing): the last, whose
// y is the highest, since y never decreases.
func mergeKnots(x, y []float64) ([]float64, []float64) {
	var ox, oy []float64
	for i := range x {
		if n := len(ox); n > 0 && ox[n-1] == x[i] {
			oy[n-1] = y[i]
			continue
		}
		ox, oy = append(ox, x[i]), append(oy, y[i])
	}
	return ox, oy
}

func round4(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, f := range v {
		out[i] = math.Round(f*10000) / 10000
	}
	return out
}
