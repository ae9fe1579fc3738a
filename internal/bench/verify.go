package bench

import (
	"context"
	"fmt"
	"sync"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/chaos"
	"github.com/triage/triage/internal/kafkaauth"
)

// headerDLQSource is the dead-letter header naming the source coordinate
// (consumer's dead letters; see chaos.DeadLetterSource).
const headerDLQSource = "triage-dlq-source"

// Verdict is the independent check of one phase's outputs against its
// inputs (package chaos): every input has an output, and per-key order
// held within each output partition.
type Verdict struct {
	chaos.Deliveries
	Unparsed int // outputs naming no readable input
}

// OK reports no lost input, no order inversion, no output of an unknown
// or unreadable input. Duplicates are reported, not failed.
func (v Verdict) OK() bool {
	return v.Lost == 0 && v.Inversions == 0 && v.Unknown == 0 && v.Unparsed == 0
}

// String is a one-line account.
func (v Verdict) String() string {
	s := fmt.Sprintf("%d inputs: %d lost, %d duplicated, %d order inversions", v.Records, v.Lost, v.Duplicates, v.Inversions)
	if v.Unknown+v.Unparsed > 0 {
		s += fmt.Sprintf(", %d outputs of unknown inputs, %d unreadable", v.Unknown, v.Unparsed)
	}
	if len(v.LostSample) > 0 {
		s += fmt.Sprintf("; lost e.g. %v", v.LostSample[0])
	}
	if len(v.InversionSample) > 0 {
		s += fmt.Sprintf("; inversion e.g. %+v", v.InversionSample[0])
	}
	return s
}

// inputOf reads which input an output answers for: the passthrough's
// HeaderInput, a dead letter's source, or an event's data.input.
func inputOf(m kafka.Message, dlq string) (chaos.Coord, error) {
	for _, h := range m.Headers {
		if h.Key == HeaderInput {
			return parseCoord(string(h.Value))
		}
	}
	if m.Topic == dlq {
		var src []byte
		for _, h := range m.Headers {
			if h.Key == headerDLQSource {
				src = h.Value
			}
		}
		return chaos.DeadLetterSource(m.Value, src)
	}
	return chaos.EventInput(m)
}

// verify reads every record of inputs and outputs (dlq among them, or
// empty) and judges them with chaos.Analyse.
func verify(ctx context.Context, c kafkaauth.Cluster, inputs, outputs []string, dlq string) (Verdict, error) {
	var mu sync.Mutex
	var ins []chaos.Input
	var outs []chaos.Output
	var v Verdict
	err := scan(ctx, c, func(m kafka.Message) {
		in := chaos.Input{Coord: chaos.Coord{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}, Key: chaos.KeyID(m.Key)}
		mu.Lock()
		ins = append(ins, in)
		mu.Unlock()
	}, inputs...)
	if err != nil {
		return v, err
	}
	err = scan(ctx, c, func(m kafka.Message) {
		coord, err := inputOf(m, dlq)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			v.Unparsed++
			return
		}
		outs = append(outs, chaos.Output{Stream: fmt.Sprintf("%s/%d", m.Topic, m.Partition), Pos: m.Offset, Input: coord, DeadLetter: m.Topic == dlq})
	}, outputs...)
	if err != nil {
		return v, err
	}
	v.Deliveries = chaos.Analyse(ins, outs)
	return v, nil
}
