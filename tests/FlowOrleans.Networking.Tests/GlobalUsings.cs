global using FlowOrleans.Runtime;
global using FlowOrleans.Runtime.Networking;
