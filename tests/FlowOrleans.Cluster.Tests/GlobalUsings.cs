global using FlowOrleans.Runtime;
