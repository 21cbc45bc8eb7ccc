using MetaSemi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MetaSemi's options with dependency injection.</summary>
public static class MetaSemiServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MetaSemiOptions"/> to <paramref name="configuration"/> (pass the section, for
    /// example <c>configuration.GetSection(MetaSemiOptions.SectionName)</c>) and validates it with
    /// <see cref="MetaSemiOptionsValidator"/> when first read, so <c>IOptions&lt;MetaSemiOptions&gt;.Value</c>
    /// throws <see cref="OptionsValidationException"/> naming each bad field.
    /// </summary>
    public static IServiceCollection AddMetaSemi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MetaSemiOptions>().Bind(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetaSemiOptions>, MetaSemiOptionsValidator>());
        return services;
    }
}
