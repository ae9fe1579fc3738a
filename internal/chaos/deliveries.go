package chaos

import (
	"cmp"
	"slices"
)

// Deliveries is what happened to the inputs, judged from the outputs.
type Deliveries struct {
	Records     int `json:"records"`      // input records read
	Events      int `json:"events"`       // output events read (redeliveries included)
	DeadLetters int `json:"dead_letters"` // dead letters read (redeliveries included)
	// Lost counts inputs with neither an event nor a dead letter.
	Lost int `json:"lost"`
	// LostSample lists up to SampleLimit lost coordinates.
	LostSample []Coord `json:"lost_sample,omitempty"`
	// Duplicates counts deliveries beyond the first, over all inputs
	// (an input published three times adds 2); DuplicatedRecords counts the
	// inputs delivered more than once.
	Duplicates        int `json:"duplicates"`
	DuplicatedRecords int `json:"duplicated_records"`
	// Redeliveries counts outputs that repeat a coordinate already seen for
	// their key in their stream (part of Duplicates, never an inversion).
	Redeliveries int `json:"redeliveries"`
	// Inversions counts first deliveries published after a later offset of
	// the same key and input partition, in the same output stream.
	Inversions      int         `json:"inversions"`
	InversionSample []Inversion `json:"inversion_sample,omitempty"`
	// Unknown counts outputs naming a coordinate that is not an input.
	Unknown int `json:"unknown"`
}

// Inversion is one per-key order violation: in output stream Stream at
// position Pos, the first delivery of Input came after the key's offset
// After had already been published.
type Inversion struct {
	Stream string `json:"stream"`
	Pos    int64  `json:"pos"`
	Key    string `json:"key"`
	Input  Coord  `json:"input"`
	After  int64  `json:"after_offset"`
}

// SampleLimit bounds the coordinates listed in a report.
const SampleLimit = 20

// orderKey is the unit of per-key order: one key of one input partition,
// within one output stream.
type orderKey struct {
	stream string
	topic  string
	part   int
	key    string
}

type keyState struct {
	seen map[int64]bool
	max  int64
}

// Analyse judges outputs against inputs. outputs may come in any order
// across streams but must be in publish (offset) order within each stream;
// Analyse sorts by (Stream, Pos) to make sure.
//
// A delivery of a coordinate already seen for its key in the same stream is
// a redelivery (a duplicate, not an inversion). A never-seen coordinate
// whose offset is lower than one already seen for its key and input
// partition in the same stream is an inversion.
func Analyse(inputs []Input, outputs []Output) Deliveries {
	d := Deliveries{Records: len(inputs)}
	keys := make(map[Coord]string, len(inputs))
	for _, in := range inputs {
		keys[in.Coord] = in.Key
	}
	count := make(map[Coord]int, len(inputs))
	outs := slices.Clone(outputs)
	slices.SortStableFunc(outs, func(a, b Output) int {
		return cmp.Or(cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Pos, b.Pos))
	})
	states := map[orderKey]*keyState{}
	for _, o := range outs {
		if o.DeadLetter {
			d.DeadLetters++
		} else {
			d.Events++
		}
		key, ok := keys[o.Input]
		if !ok {
			d.Unknown++
			continue
		}
		count[o.Input]++
		k := orderKey{stream: o.Stream, topic: o.Input.Topic, part: o.Input.Partition, key: key}
		st := states[k]
		if st == nil {
			st = &keyState{seen: map[int64]bool{}, max: -1}
			states[k] = st
		}
		switch {
		case st.seen[o.Input.Offset]:
			d.Redeliveries++
		case o.Input.Offset < st.max:
			d.Inversions++
			if len(d.InversionSample) < SampleLimit {
				d.InversionSample = append(d.InversionSample, Inversion{Stream: o.Stream, Pos: o.Pos, Key: shortKey(key), Input: o.Input, After: st.max})
			}
		}
		st.seen[o.Input.Offset] = true
		st.max = max(st.max, o.Input.Offset)
	}
	for _, in := range inputs {
		switch n := count[in.Coord]; {
		case n == 0:
			d.Lost++
			if len(d.LostSample) < SampleLimit {
				d.LostSample = append(d.LostSample, in.Coord)
			}
		case n > 1:
			d.Duplicates += n - 1
			d.DuplicatedRecords++
		}
	}
	return d
}

// shortKey clips a key for a report line.
func shortKey(k string) string {
	if len(k) > 80 {
		return k[:80] + "…"
	}
	return k
}
