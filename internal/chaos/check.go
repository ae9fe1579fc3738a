package chaos

import (
	"context"
	"fmt"
	"sync"

	"github.com/segmentio/kafka-go"
)

// Topology names what a drill ran against.
type Topology struct {
	Brokers []string
	Inputs  []string // input topics
	Outputs []string // event topics
	DLQ     string   // dead-letter topic
	Group   string   // consumer group id
}

// headerDLQSource is the dead-letter header naming the source coordinate.
const headerDLQSource = "triage-dlq-source"

// Observation is everything the checker read from the topics.
type Observation struct {
	Inputs   []Input
	Outputs  []Output
	Unparsed int // output records naming no readable coordinate
}

// Observe reads every record of the input, output and dead-letter topics.
func Observe(ctx context.Context, topo Topology) (*Observation, error) {
	var mu sync.Mutex
	obs := &Observation{}
	err := Scan(ctx, topo.Brokers, func(m kafka.Message) error {
		in := Input{Coord: Coord{m.Topic, m.Partition, m.Offset}, Key: KeyID(m.Key)}
		mu.Lock()
		obs.Inputs = append(obs.Inputs, in)
		mu.Unlock()
		return nil
	}, topo.Inputs...)
	if err != nil {
		return nil, fmt.Errorf("chaos: inputs: %w", err)
	}
	topics := append([]string{topo.DLQ}, topo.Outputs...)
	err = Scan(ctx, topo.Brokers, func(m kafka.Message) error {
		o, err := outputOf(m, m.Topic == topo.DLQ)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			obs.Unparsed++
			return nil
		}
		obs.Outputs = append(obs.Outputs, o)
		return nil
	}, topics...)
	if err != nil {
		return nil, fmt.Errorf("chaos: outputs: %w", err)
	}
	return obs, nil
}

// outputOf reduces one output or dead-letter record to an Output.
func outputOf(m kafka.Message, deadLetter bool) (Output, error) {
	o := Output{Stream: fmt.Sprintf("%s/%d", m.Topic, m.Partition), Pos: m.Offset, DeadLetter: deadLetter}
	var err error
	if deadLetter {
		var h []byte
		for _, x := range m.Headers {
			if x.Key == headerDLQSource {
				h = x.Value
			}
		}
		o.Input, err = DeadLetterSource(m.Value, h)
	} else {
		o.Input, err = EventInput(m)
	}
	return o, err
}

// Check reads the topics and judges deliveries and the committed-offset
// samples. The caller sets Drained, Drain and Notes, then calls Judge.
func Check(ctx context.Context, topo Topology, scenario string, crit Criteria, samples []CommitSample, sampleErrs int) (*Report, error) {
	obs, err := Observe(ctx, topo)
	if err != nil {
		return nil, err
	}
	return &Report{
		Scenario:           scenario,
		Criteria:           crit,
		Deliveries:         Analyse(obs.Inputs, obs.Outputs),
		Unparsed:           obs.Unparsed,
		Regressions:        Regressions(samples),
		CommitSamples:      len(samples),
		CommitSampleErrors: sampleErrs,
	}, nil
}
