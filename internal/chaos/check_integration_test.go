package chaos

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
)

// TestCheckIntegration plays a misbehaving runner by hand on a broker (kfake,
// or KAFKA_BROKERS): of six inputs, one gets no output, one is published
// twice, one is dead-lettered, and the group's committed offset goes 5 then
// 3. The checker must report exactly that.
func TestCheckIntegration(t *testing.T) {
	b := kafkatest.Start(t)
	ctx := context.Background()
	topo := Topology{Brokers: b.Addrs, Group: "chaos-check-" + fmt.Sprint(time.Now().UnixNano()),
		Inputs:  []string{b.Topic(t, "chaos.in", 1)},
		Outputs: []string{b.Topic(t, "chaos.out", 1)},
		DLQ:     b.Topic(t, "chaos.dlq", 1)}
	in, outT := topo.Inputs[0], topo.Outputs[0]
	var inputs []kafka.Message
	for i := range 6 {
		inputs = append(inputs, kafka.Message{Topic: in, Key: []byte("k"), Value: fmt.Appendf(nil, `{"n":%d}`, i)})
	}
	b.Produce(t, inputs...)

	event := func(off int) kafka.Message {
		return kafka.Message{Topic: outT, Key: []byte("k"),
			Value: fmt.Appendf(nil, `{"id":"e%d","data":{"input":{"topic":%q,"partition":0,"offset":%d,"id":"x"}}}`, off, in, off)}
	}
	b.Produce(t, event(0), event(1), event(1), event(3), event(5),
		kafka.Message{Topic: topo.DLQ, Key: []byte("k"), Value: []byte(`not an envelope`),
			Headers: []kafka.Header{{Key: "triage-dlq-source", Value: fmt.Appendf(nil, "%s/0/4", in)}}})

	parts, err := InputPartitions(ctx, topo)
	if err != nil || len(parts) != 1 {
		t.Fatalf("InputPartitions = %v, %v", parts, err)
	}
	s := StartSampler(topo.Brokers, topo.Group, parts, 20*time.Millisecond)
	commitAndSee(t, s, topo, 5)
	commitAndSee(t, s, topo, 3)
	samples, errs := s.Stop()

	r, err := Check(ctx, topo, "by hand", Criteria{BoundPerCrash: 0}, samples, errs)
	if err != nil {
		t.Fatal(err)
	}
	r.Drained = true
	r.Judge()
	t.Log("\n" + r.Summary())
	if r.Records != 6 || r.Lost != 1 || r.LostSample[0].Offset != 2 || r.Duplicates != 1 || r.DeadLetters != 1 || r.Inversions != 0 {
		t.Errorf("deliveries = %+v, want 6 records, offset 2 lost, 1 duplicate, 1 dead letter", r.Deliveries)
	}
	if len(r.Regressions) != 1 || r.Regressions[0].From != 5 || r.Regressions[0].To != 3 {
		t.Errorf("regressions = %v, want 5 -> 3", r.Regressions)
	}
	if r.Pass {
		t.Error("report passed")
	}
	lag, total, err := Lag(ctx, topo)
	if err != nil || total != 3 || lag[parts[0]] != 3 {
		t.Errorf("Lag = %v %d %v, want 3 (end 6, committed 3)", lag, total, err)
	}
}

// commitAndSee commits offset for partition 0 of the input and waits until
// the sampler has seen it.
func commitAndSee(t *testing.T, s *Sampler, topo Topology, offset int64) {
	t.Helper()
	client := &kafka.Client{Addr: kafka.TCP(topo.Brokers...), Timeout: 10 * time.Second}
	p := Partition{topo.Inputs[0], 0}
	// A fresh broker creates __consumer_offsets on first use: retry the
	// commit until it takes.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, ok := s.Latest()[p]; ok && got == offset {
			return
		}
		resp, err := client.OffsetCommit(context.Background(), &kafka.OffsetCommitRequest{GroupID: topo.Group, GenerationID: -1,
			Topics: map[string][]kafka.OffsetCommit{topo.Inputs[0]: {{Partition: 0, Offset: offset}}}})
		if err == nil {
			err = resp.Topics[topo.Inputs[0]][0].Error
		}
		if err != nil {
			t.Logf("commit %d: %v (retrying)", offset, err)
		}
	}
	_, errs := s.Stop()
	t.Fatalf("sampler never saw committed offset %d (%d errors, latest %v)", offset, errs, s.Latest())
}
