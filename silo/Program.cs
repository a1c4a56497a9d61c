Console.Error.WriteLine("The multi-silo host is not built yet; run the all-in-one node: dotnet run --project client-api");
return 2;
