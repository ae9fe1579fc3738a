package chaos

import (
	"testing"
	"time"
)

func sample(i int, offs map[Partition]int64) CommitSample {
	return CommitSample{At: time.Unix(int64(i), 0), Offsets: offs}
}

func TestRegressionsFindsEveryDrop(t *testing.T) {
	p0, p1 := Partition{"in", 0}, Partition{"in", 1}
	got := Regressions([]CommitSample{
		sample(0, map[Partition]int64{p0: 10}),
		sample(1, map[Partition]int64{p0: 270, p1: 5}),
		sample(2, map[Partition]int64{p0: 30, p1: 5}), // 270 -> 30
		sample(3, map[Partition]int64{p1: 7}),         // p0 missing: not a drop
		sample(4, map[Partition]int64{p0: 40, p1: 6}), // p1 7 -> 6
		sample(5, map[Partition]int64{p0: 300, p1: 9}),
	})
	if len(got) != 2 {
		t.Fatalf("regressions = %v, want 2", got)
	}
	if r := got[0]; r.Partition != p0 || r.From != 270 || r.To != 30 || r.Peak != 270 {
		t.Errorf("first = %+v, want p0 270 -> 30", r)
	}
	if r := got[1]; r.Partition != p1 || r.From != 7 || r.To != 6 {
		t.Errorf("second = %+v, want p1 7 -> 6", r)
	}
}

func TestRegressionsNoneWhenMonotonic(t *testing.T) {
	p := Partition{"in", 0}
	var s []CommitSample
	for i, off := range []int64{0, 0, 3, 3, 9, 100} {
		s = append(s, sample(i, map[Partition]int64{p: off}))
	}
	if got := Regressions(s); len(got) != 0 {
		t.Fatalf("regressions = %v, want none", got)
	}
}
