package pipeline_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
)

// The official CloudEvents SDK for Go reads every event the pipeline
// publishes to the broker, in both events.mode settings: valid, with the
// deterministic id, and the same event EventJSON (replay's reader) sees.
func TestIntegrationSDKReadsPublishedEvents(t *testing.T) {
	for mode, enc := range map[pipeline.Mode]binding.Encoding{pipeline.Structured: binding.EncodingStructured, pipeline.Binary: binding.EncodingBinary} {
		t.Run(string(mode), func(t *testing.T) {
			w := newWorld(t, 2)
			w.cfg.Events.Mode = string(mode)
			ss := w.publishSamples(t)
			st := w.runUntil(t, int64(len(ss)))
			routed := w.b.ReadAll(t, w.cfg.Topics.Routed)
			orders := w.b.ReadAll(t, w.cfg.Topics.Orders)
			if len(routed) == 0 || len(orders) == 0 || int64(len(routed)+len(orders)) != st.Published {
				t.Fatalf("routed %d, orders %d, published %d", len(routed), len(orders), st.Published)
			}
			for typ, msgs := range map[string][]kafka.Message{pipeline.TypeRouted: routed, pipeline.TypeOrder: orders} {
				for _, m := range msgs {
					checkPublished(t, m, typ, enc, w.cfg.Events.Source)
				}
			}
			// Dead letters are not CloudEvents in either mode.
			dead := w.b.ReadAll(t, w.cfg.Topics.DLQ)
			for _, m := range dead {
				if _, got, _ := pipeline.SDKEvent(m); got != binding.EncodingUnknown {
					t.Errorf("SDK reads a dead letter as an event (%v): headers %v", got, m.Headers)
				}
			}
			if len(dead) == 0 || st.DeadLettered != int64(len(dead)) {
				t.Errorf("%d dead letters, %d dead-lettered", len(dead), st.DeadLettered)
			}
		})
	}
}

func checkPublished(t *testing.T, m kafka.Message, typ string, enc binding.Encoding, source string) {
	t.Helper()
	ev, got, err := pipeline.SDKEvent(m)
	if err != nil || got != enc {
		t.Fatalf("%s/%d/%d: SDK read encoding %v (want %v), error %v", m.Topic, m.Partition, m.Offset, got, enc, err)
	}
	if err := ev.Validate(); err != nil {
		t.Fatalf("%s/%d/%d: SDK: invalid event: %v", m.Topic, m.Partition, m.Offset, err)
	}
	raw, err := pipeline.EventJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	var ours pipeline.CloudEvent
	if err := json.Unmarshal(raw, &ours); err != nil {
		t.Fatal(err)
	}
	var data struct {
		Processor pipeline.ProcessorRef `json:"processor"`
		Input     pipeline.InputRef     `json:"input"`
	}
	if err := json.Unmarshal(ev.Data(), &data); err != nil {
		t.Fatalf("SDK data %s: %v", ev.Data(), err)
	}
	in, v := data.Input, data.Processor.Version
	want := pipeline.EventID(in.Topic, in.Partition, in.Offset, "route", v)
	if typ == pipeline.TypeOrder {
		want = pipeline.KeyedEventID("msgid:"+in.ID, "extract", v)
	}
	if ev.ID() != want || ev.Type() != typ || ev.Source() != source || ev.Subject() != in.ID {
		t.Errorf("SDK read %s, want id %s type %s source %s subject %s", ev, want, typ, source, in.ID)
	}
	if ours.ID != ev.ID() || ours.Type != ev.Type() || ours.Subject != ev.Subject() || !ours.Time.Equal(ev.Time()) ||
		ours.DataSchema != ev.DataSchema() || ours.DataContentType != ev.DataContentType() {
		t.Errorf("EventJSON read %+v, SDK %s", ours, ev)
	}
	b, _ := json.Marshal(ours.Data)
	var x, y any
	if json.Unmarshal(b, &x) != nil || json.Unmarshal(ev.Data(), &y) != nil || !reflect.DeepEqual(x, y) {
		t.Errorf("EventJSON data %s\nSDK data %s", b, ev.Data())
	}
}
