package model_test

import (
	"testing"

	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/processors/model"
)

// toyExamples teach three queues with a few tickets each.
var toyExamples = []learn.Example{
	{Body: "I was charged twice on my invoice", Label: "billing"},
	{Body: "refund the double charge on my card", Label: "billing"},
	{Body: "my invoice shows the wrong amount", Label: "billing"},
	{Body: "please refund my payment", Label: "billing"},
	{Body: "the app crashes when I log in", Label: "technical"},
	{Body: "error 500 when I open the settings page", Label: "technical"},
	{Body: "the app freezes after the update", Label: "technical"},
	{Body: "my parcel has not arrived", Label: "shipping"},
	{Body: "where is my parcel, the tracking has not moved", Label: "shipping"},
	{Body: "the courier lost my parcel", Label: "shipping"},
}

// toy trains a model on toyExamples with every feature kept.
func toy(t *testing.T) *model.Model {
	t.Helper()
	ex := make([]learn.Example, len(toyExamples))
	for i, e := range toyExamples {
		e.Weight, e.Source = 1, learn.SourceLabelled
		ex[i] = e
	}
	o := learn.DefaultOptions()
	o.MinWeight = 0
	m, err := learn.Train(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
